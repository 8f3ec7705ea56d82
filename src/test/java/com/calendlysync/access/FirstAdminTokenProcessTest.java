package com.calendlysync.access;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.calendlysync.support.AppProcess;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new user's first minutes with the embedded database and no CALENDLY_ADMIN_TOKEN: the
 * start-up log says how to get the first admin token; CreateToken run from another folder
 * refuses (instead of making a second, empty database there) and names the folder it looked in;
 * pointed at the app's data folder with CALENDLY_DATA_DIR it makes a token the app accepts.
 */
class FirstAdminTokenProcessTest {

    private static final Path ROOT = Path.of("target", "first-admin-token").toAbsolutePath();

    @Test
    void theLogSaysHowToGetTheFirstTokenAndCreateTokenFindsTheAppsDatabase() throws Exception {
        FileUtil.removeDir(ROOT.toFile());
        Path dataDir = ROOT.resolve("app-data");
        Path elsewhere = ROOT.resolve("elsewhere");
        Files.createDirectories(dataDir);
        Files.createDirectories(elsewhere);
        int port = AvailablePortFinder.getNextAvailable();
        Map<String, String> env = Map.of("CALENDLY_DATA_DIR", dataDir.toString(), "CALENDLY_ADMIN_TOKEN", "");

        try (AppProcess app = AppProcess.start(port, ROOT.resolve("first.log"), env)) {
            // the start-up report is written once the app serves: wait for its last line, not for health alone
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> app.log().contains("com.calendlysync.access.CreateToken --role admin"));
            String log = app.log();
            assertTrue(log.contains("there is no admin API token yet"), log);
            assertTrue(log.contains("set CALENDLY_ADMIN_TOKEN to a random value of at least 24 characters"), log);
            assertTrue(log.contains("java -cp \"target/calendly-sync.jar:target/lib/*\" com.calendlysync.access.CreateToken --role admin"), log);
        }

        // from another folder, without CALENDLY_DATA_DIR: refused, nothing created there
        Command refused = CreateTokenRun.in(elsewhere, Map.of(), "--role", "admin");
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("There is no calendly-sync database in " + elsewhere.resolve("data")), refused.output());
        assertTrue(refused.output().contains("CALENDLY_DATA_DIR"), refused.output());
        assertFalse(refused.output().lines().anyMatch(l -> l.startsWith("\tat ")), refused.output());
        assertFalse(Files.exists(elsewhere.resolve("data")), "no new database folder is made");

        // pointed at the app's data folder: a token, printed once on stdout
        Command created = CreateTokenRun.in(elsewhere, Map.of("CALENDLY_DATA_DIR", dataDir.toString()),
                "--role", "admin", "--label", "first admin");
        assertEquals(0, created.exit(), created.output());
        String token = created.stdout().strip();
        assertTrue(token.length() >= 24, created.output());

        try (AppProcess again = AppProcess.start(port, ROOT.resolve("second.log"), env)) {
            assertTrue(again.log().contains("admin token(s) active"), again.log());
            assertFalse(again.log().contains("there is no admin API token yet"), again.log());
            HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/me")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
            assertTrue(me.body().contains("\"admin\""), me.body());
        }
    }

    record Command(int exit, String stdout, String output) {
    }

    /** CreateToken as an operator runs it: its own JVM, in a given folder, with the app's settings cleared. */
    static final class CreateTokenRun {

        static Command in(Path folder, Map<String, String> env, String... args) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-cp", absoluteClasspath(), CreateToken.class.getName()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile(ROOT, "create-token", ".out");
            Path err = Files.createTempFile(ROOT, "create-token", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("CALENDLY_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("CreateToken did not finish");
            }
            String stdout = Files.readString(out);
            return new Command(process.exitValue(), stdout, stdout + Files.readString(err));
        }

        private static String absoluteClasspath() {
            return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> Path.of(entry).toAbsolutePath().toString()).toList());
        }
    }
}
