package com.calendlysync.support;

import java.io.File;
import java.io.IOException;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.AvailablePortFinder;

/**
 * Another instance of the app in its own JVM (the real main class, the test class path), on
 * the same test database: what a second node of a deployment is. Quartz allows one scheduler
 * of a name per JVM, so a real cluster needs a real second process.
 */
public final class SecondInstance implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private SecondInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts it with these settings (on top of the test database and a free port) and waits until it serves. */
    public static SecondInstance start(Map<String, String> settings) throws IOException, InterruptedException {
        int port = AvailablePortFinder.getNextAvailable();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dcamel.server.port=" + port);
        command.add("-Dcamel.management.port=" + port);
        command.add("-Ddatabase.url=" + TestDatabase.url());
        command.add("-Ddatabase.user=postgres");
        command.add("-Ddatabase.password=");
        command.add("-Ddatabase.pool-size=8");
        command.add("-Dcalendly.webhook-secret=" + AppTestSupport.SECRET);
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("com.calendlysync.CalendlySyncApplication");
        Path log = Path.of("target", "second-instance-" + port + ".log");
        Process process = new ProcessBuilder(command).directory(new File(".").getAbsoluteFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SecondInstance instance = new SecondInstance(process, port, log);
        instance.awaitUp(Duration.ofSeconds(90));
        return instance;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    private void awaitUp(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("exited");
                }
                return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/observe/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            });
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the second instance did not come up; see " + log.toAbsolutePath());
        }
    }

    /** Kills it without any chance to clean up, as a crashed node. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
