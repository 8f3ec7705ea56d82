package com.calendlysync.support;

import java.io.File;
import java.io.IOException;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.calendlysync.CalendlySyncApplication;

/**
 * The app as a separate process, started the way the README starts it (main class, routes from
 * the routes folder, settings from the environment), with its console captured to a file.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static AppProcess start(int port, Path log, Map<String, String> env) throws IOException {
        AppProcess app = launch(port, log, env);
        app.awaitHealthy(Duration.ofSeconds(90));
        return app;
    }

    /** Starts the app expecting it to refuse: answers its exit code once it has stopped. */
    public static int runExpectingExit(int port, Path log, Map<String, String> env) throws Exception {
        AppProcess app = launch(port, log, env);
        if (!app.process.waitFor(90, TimeUnit.SECONDS)) {
            app.process.destroyForcibly();
            throw new IllegalStateException("the app kept running:\n" + app.log());
        }
        return app.process.exitValue();
    }

    private static AppProcess launch(int port, Path log, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CalendlySyncApplication.class.getName())
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the machine's own settings must not leak into the app under test
        builder.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("CALENDLY_") || k.equals("HTTP_PORT"));
        builder.environment().put("HTTP_PORT", String.valueOf(port));
        builder.environment().put("CALENDLY_ADMIN_TOKEN", AppTestSupport.ADMIN_TOKEN);
        builder.environment().putAll(env);
        return new AppProcess(builder.start(), log, port);
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        WebhookClient client = client("unused");
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("exited");
                }
                return client.get("/observe/health").statusCode() == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException((process.isAlive() ? "the app did not become healthy in " + timeout
                    : "the app exited with " + process.exitValue()) + ":\n" + log());
        }
    }

    public WebhookClient client(String secret) {
        return new WebhookClient("http://localhost:" + port, secret);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    /** Stops it as an operator would (SIGTERM), so it shuts down cleanly. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the app did not stop within 60 s");
        }
    }

    /** A setting of the embedded PostgreSQL the app started, read through its port in the start-up log. */
    public String postgresSetting(String name) throws Exception {
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("embedded PostgreSQL on port (\\d+)").matcher(log());
        if (!port.find()) {
            throw new IllegalStateException("no embedded PostgreSQL port in the log");
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port.group(1) + "/postgres", "postgres", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
