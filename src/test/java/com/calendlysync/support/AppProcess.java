package com.calendlysync.support;

import java.io.File;
import java.io.IOException;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CalendlySyncApplication.class.getName())
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the machine's own settings must not leak into the app under test
        builder.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("CALENDLY_") || k.equals("HTTP_PORT"));
        builder.environment().put("HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(env);
        AppProcess app = new AppProcess(builder.start(), log, port);
        app.awaitHealthy(Duration.ofSeconds(90));
        return app;
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        WebhookClient client = client("unused");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> health = client.get("/observe/health");
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(250);
        }
        throw new IllegalStateException("the app did not become healthy in " + timeout + ":\n" + log());
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
