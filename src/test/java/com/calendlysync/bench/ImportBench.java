package com.calendlysync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import com.calendlysync.CalendlySyncApplication;
import com.calendlysync.calendly.CalendlySimulator;
import com.calendlysync.calendly.History;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;

import static org.awaitility.Awaitility.await;

/**
 * Import benchmark (bench/import-bench.sh): the real app on an embedded PostgreSQL imports a
 * simulated Calendly history over loopback.
 *   1. 10,000 events with one to three invitees, no rate limit: invitees per second and API
 *      requests per imported invitee.
 *   2. A 500 requests/minute limit (fixed 60 s window, X-RateLimit-* headers as Calendly sends
 *      them): how close the import time comes to the least time the limit allows.
 * Arguments: [events, default 10000] [events for the rate-limited run, default 1200].
 */
public final class ImportBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int limitedEvents = args.length > 1 ? Integer.parseInt(args[1]) : 1_200;
        int perMinute = 500;
        Instant from = Instant.parse("2025-01-01T00:00:00Z");

        try (CalendlySimulator sim = new CalendlySimulator()) {
            History.build(sim, from, 300, events, 1, false);
            History.build(sim, Instant.parse("2024-01-01T00:00:00Z"), 100, limitedEvents, 2, false);
            int port = AvailablePortFinder.getNextAvailable();
            Main main = new Main(CalendlySyncApplication.class);
            main.addOverrideProperty("camel.server.port", String.valueOf(port));
            main.addOverrideProperty("camel.management.port", String.valueOf(port));
            main.addOverrideProperty("database.url", TestDatabase.url());
            main.addOverrideProperty("database.user", "postgres");
            main.addOverrideProperty("database.password", "");
            main.addOverrideProperty("calendly.webhook-secret", "bench-key");
            main.addOverrideProperty("calendly.api-base-url", sim.baseUrl());
            main.addOverrideProperty("calendly.api-token", CalendlySimulator.TOKEN);
            main.addOverrideProperty("calendly.reconcile-enabled", "false");
            // the import API needs an admin or manager token like any other caller
            main.addOverrideProperty("calendly.admin.token", AppTestSupport.ADMIN_TOKEN);
            TestDatabase.wipe();
            Thread app = new Thread(() -> {
                try {
                    main.run();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "app");
            app.start();
            String base = "http://localhost:" + port;
            try {
                awaitUp(base);
                measure(sim, base, events, perMinute);
            } finally {
                // also when a run fails: a running app would keep this JVM alive
                main.completed();
                app.join(60_000);
            }
        }
        System.exit(0);
    }

    private static void measure(CalendlySimulator sim, String base, int events, int perMinute) throws Exception {
        // 1. no rate limit
        int invitees = sim.events().stream().filter(e -> !e.json.get("start_time").asText().startsWith("2024"))
                .mapToInt(e -> e.invitees.size()).sum();
        sim.resetCounters();
        long t0 = System.nanoTime();
        JsonNode job = runImport(base, "2025-01-01", "2025-12-31");
        double seconds = (System.nanoTime() - t0) / 1e9;
        long imported = job.get("inviteesImported").asLong();
        long requests = job.get("apiRequests").asLong();
        System.out.println();
        System.out.println("=== import without a rate limit ===");
        System.out.printf(Locale.ROOT, "events %d, invitees %d (expected %d), status %s, failed %d%n",
                job.get("eventsSeen").asLong(), imported, invitees, job.get("status").asText(), job.get("failed").asLong());
        System.out.printf(Locale.ROOT, "time %.1f s -> %.0f invitees imported per second%n", seconds, imported / seconds);
        System.out.printf(Locale.ROOT, "API requests %d (simulator saw %d) -> %.3f requests per imported invitee (target <= 1.05)%n",
                requests, sim.requests(), requests / (double) imported);

        // 2. 500 requests per minute
        sim.resetCounters();
        sim.rateLimit(perMinute, 60_000);
        t0 = System.nanoTime();
        JsonNode limited = runImport(base, "2024-01-01", "2024-04-30");
        seconds = (System.nanoTime() - t0) / 1e9;
        long r = limited.get("apiRequests").asLong();
        long inv = limited.get("inviteesImported").asLong();
        // a fixed window lets 500 through at once, then the next 500 after 60 s: R requests need at
        // least floor((R - 1) / 500) full windows before the last batch can go
        double windowMinimum = Math.floor((r - 1) / (double) perMinute) * 60.0;
        double rateMinimum = r * 60.0 / perMinute;
        System.out.println();
        System.out.println("=== import with a simulated limit of " + perMinute + " requests/minute ===");
        System.out.printf(Locale.ROOT, "events %d, invitees %d, status %s, API requests %d, 429 answers %d%n",
                limited.get("eventsSeen").asLong(), inv, limited.get("status").asText(), r, sim.rateLimitedAnswers());
        System.out.printf(Locale.ROOT, "time %.1f s; least time the limit allows: %.1f s by its 60 s windows "
                + "(%.1f s at a steady %d/min)%n", seconds, windowMinimum, rateMinimum, perMinute);
        System.out.printf(Locale.ROOT, "-> %.1f%% over the window minimum (target within 10%%), %.1f%% vs the steady-rate figure%n",
                (seconds / windowMinimum - 1) * 100, (seconds / rateMinimum - 1) * 100);
        long fullRequests = 1 + (events + 99) / 100 + events;
        double fullMinimum = Math.floor((fullRequests - 1) / (double) perMinute) * 60.0;
        System.out.printf(Locale.ROOT, "extrapolated to the %d-event history: %d requests -> at least %.0f s (%.1f min) "
                + "under the limit; at the measured overhead about %.0f s%n", events, fullRequests, fullMinimum,
                fullMinimum / 60, fullMinimum * seconds / windowMinimum);
    }

    private static JsonNode runImport(String base, String start, String end) throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/calendly/import"))
                .header("Authorization", "Bearer " + AppTestSupport.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"startDate\":\"" + start + "\",\"endDate\":\"" + end + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException(accepted.body());
        }
        String jobId = JSON.readTree(accepted.body()).get("jobId").asText();
        AtomicReference<JsonNode> job = new AtomicReference<>();
        await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            job.set(JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/calendly/import/" + jobId))
                    .header("Authorization", "Bearer " + AppTestSupport.ADMIN_TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString()).body()));
            String status = job.get().get("status").asText();
            return status.equals("completed") || status.equals("failed");
        });
        return job.get();
    }

    private static void awaitUp(String base) {
        await("the app to start").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
