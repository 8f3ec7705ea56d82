package com.calendlysync.calendly;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits, blips, timeouts and refused tokens are survived or explained; every bad request gets its 4xx. */
class ImportResilienceTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final String RANGE = "\"startDate\":\"2026-06-01\",\"endDate\":\"2026-06-30\"";

    private final ImportClient imports = new ImportClient(baseUrl(), calendly);

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
        settings.put("calendly.api-backoff-ms", "50");
        settings.put("calendly.api-timeout-ms", "1000");
        settings.put("calendly.import-max-range-days", "90");
    }

    @BeforeAll
    void history() {
        History.build(SIM, FROM, 28, 150, 7, false);
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @BeforeEach
    void clean() {
        TestDatabase.execute("DELETE FROM calendly_sync_jobs");
        SIM.latency(0);
        SIM.resetCounters();
    }

    @Test
    void rateLimitsBlipsAndTimeoutsAreSurvived() throws Exception {
        SIM.failNext("/scheduled_events", 429, Map.of("Retry-After", "1"));
        SIM.failNext("/users/me", 503, Map.of());
        SIM.failNext("/scheduled_events/", 429, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1"));
        SIM.failNext("/scheduled_events/", 500, Map.of());
        SIM.failNext("/scheduled_events/", 502, Map.of());
        SIM.failNext("/scheduled_events/", -1, Map.of("delay-ms", "2500")); // answers after our 1 s timeout

        long began = System.nanoTime();
        JsonNode job = imports.await(imports.startOk("{" + RANGE + "}"), Duration.ofSeconds(90));
        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();

        assertEquals("completed", job.get("status").asText(), job.toString());
        assertEquals(SIM.inviteeCount(), job.get("inviteesImported").asInt());
        assertEquals(SIM.inviteeCount(), TestDatabase.count("SELECT count(*) FROM calendly_meetings"));
        assertEquals(2, SIM.rateLimitedAnswers());
        assertTrue(seconds >= 2, "both 429s were waited out, took " + seconds + " s");
        // every failed attempt was a request too: 6 faults on top of the clean run's requests
        long clean = 1 + 2 + 150;
        assertEquals(clean + 6, job.get("apiRequests").asLong(), job.toString());
    }

    @Test
    void pacingOnRemainingAvoids429s() throws Exception {
        SIM.rateLimit(40, 1000); // 40 per second: the run needs several windows
        try {
            JsonNode job = imports.await(imports.startOk("{" + RANGE + "}"), Duration.ofSeconds(90));
            assertEquals("completed", job.get("status").asText(), job.toString());
            assertEquals(0, SIM.rateLimitedAnswers(), "we waited for the reset instead of hitting the limit");
        } finally {
            SIM.rateLimit(0, 60_000);
        }
    }

    @Test
    void aRejectedTokenEndsTheJobWithWhatToFix() throws Exception {
        JsonNode wrong = imports.await(imports.startOk("{" + RANGE + ",\"calendlyApiToken\":\"not-a-real-token\"}"),
                Duration.ofSeconds(30));
        assertEquals("failed", wrong.get("status").asText());
        assertTrue(wrong.get("error").asText().contains("401"), wrong.toString());
        assertTrue(wrong.get("error").asText().contains("CALENDLY_API_TOKEN"), wrong.toString());
        assertEquals(1, wrong.get("apiRequests").asInt(), "a 401 is not retried");

        // the token in the body is the one used (the configured one works), and it is stored nowhere
        JsonNode scope = imports.await(imports.startOk("{" + RANGE + ",\"calendlyApiToken\":\"" + CalendlySimulator.TOKEN_NO_SCOPE + "\"}"),
                Duration.ofSeconds(30));
        assertEquals("failed", scope.get("status").asText());
        assertTrue(scope.get("error").asText().contains("403"), scope.toString());
        assertTrue(scope.get("error").asText().contains("scopes"), scope.toString());
        String stored = TestDatabase.query("SELECT string_agg(to_jsonb(j)::text, ' ') AS t FROM calendly_sync_jobs j").get(0).get("t").toString();
        assertFalse(stored.contains(CalendlySimulator.TOKEN_NO_SCOPE));
        assertFalse(stored.contains("not-a-real-token"));
    }

    @Test
    void anOverlappingImportIsRefusedWhileOneRuns() throws Exception {
        SIM.latency(30);
        String first = imports.startOk("{" + RANGE + "}");
        HttpResponse<String> overlapping = imports.start("{\"startDate\":\"2026-06-15\",\"endDate\":\"2026-07-15\"}");
        assertEquals(409, overlapping.statusCode(), overlapping.body());
        assertEquals("import_running", ImportClient.read(overlapping.body()).get("error").asText());
        assertTrue(overlapping.body().contains(first));
        HttpResponse<String> disjoint = imports.start("{\"startDate\":\"2026-01-01\",\"endDate\":\"2026-01-31\"}");
        assertEquals(202, disjoint.statusCode(), disjoint.body());
        assertEquals("completed", imports.await(first, Duration.ofSeconds(60)).get("status").asText());
        // once finished, the same range may be imported again
        assertEquals(202, imports.start("{" + RANGE + "}").statusCode());
    }

    @Test
    void anInviteeThatCannotBeMappedIsCountedAsFailedAndTheJobGoesOn() {
        com.fasterxml.jackson.databind.node.ObjectNode broken = SIM.events().get(3).invitees.get(0);
        JsonNode uri = broken.remove("uri");
        try {
            JsonNode job = imports.await(imports.startOk("{" + RANGE + "}"), Duration.ofSeconds(60));

            assertEquals("completed", job.get("status").asText(), job.toString());
            assertEquals(SIM.events().size(), job.get("eventsSeen").asInt(), job.toString());
            assertEquals(1, job.get("failed").asInt(), job.toString());
            assertEquals(SIM.inviteeCount() - 1, job.get("inviteesImported").asInt(), job.toString());
            assertEquals(job.get("inviteesImported").asInt(), job.get("created").asInt() + job.get("updated").asInt()
                    + job.get("unchanged").asInt());
        } finally {
            broken.set("uri", uri);
        }
    }

    @Test
    void anImportNeverOverwritesNewerWebhookData() throws Exception {
        CalendlySimulator.Event event = SIM.events().get(5);
        com.fasterxml.jackson.databind.node.ObjectNode listed = event.invitees.get(0);
        // Calendly has since canceled it; the webhook told us, the listing below is older
        com.fasterxml.jackson.databind.node.ObjectNode newer = listed.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode cancellation = newer.putObject("cancellation");
        cancellation.put("canceled_by", "Alice Host");
        cancellation.put("canceler_type", "host");
        cancellation.put("created_at", "2026-05-20T10:00:00.000000Z");
        cancellation.put("reason", "Moved to a workshop");
        newer.put("status", "canceled");
        newer.put("updated_at", "2026-05-20T10:00:00.000000Z");
        HttpResponse<String> webhook = calendly.deliver(CalendlySimulator.envelope("invitee.canceled", newer, event.json,
                "2026-05-20T10:00:01.000000Z"));
        assertEquals(200, webhook.statusCode(), webhook.body());

        JsonNode job = imports.await(imports.startOk("{" + RANGE + "}"), Duration.ofSeconds(60));

        assertEquals("completed", job.get("status").asText(), job.toString());
        Map<String, Object> row = TestDatabase.one("SELECT m.status, c.cancel_reason FROM calendly_meetings c "
                + "JOIN meetings m ON m.id = c.meeting_id WHERE c.invitee_uri = ?", listed.get("uri").asText());
        assertEquals("canceled", row.get("status"));
        assertEquals("Moved to a workshop", row.get("cancel_reason"));
    }

    @Test
    void badRequestsGetA400ThatNamesTheProblem() {
        assertBad("", "body");
        assertBad("[1,2]", "body");
        assertBad("{not json", "body");
        assertBad("{\"endDate\":\"2026-06-30\"}", "startDate");
        assertBad("{\"startDate\":\"2026-06-01\"}", "endDate");
        assertBad("{\"startDate\":\"yesterday\",\"endDate\":\"2026-06-30\"}", "startDate");
        assertBad("{\"startDate\":\"2026-06-01\",\"endDate\":\"2026-13-01\"}", "endDate");
        assertBad("{\"startDate\":12,\"endDate\":\"2026-06-30\"}", "startDate");
        assertBad("{\"startDate\":\"2026-06-30\",\"endDate\":\"2026-06-01\"}", "endDate");
        assertBad("{\"startDate\":\"2026-06-01T10:00:00Z\",\"endDate\":\"2026-06-01T10:00:00Z\"}", "endDate");
        assertBad("{\"startDate\":\"2025-01-01\",\"endDate\":\"2026-06-30\"}", "90 days");
        assertBad("{" + RANGE + ",\"calendlyApiToken\":42}", "calendlyApiToken");
        assertBad("{" + RANGE + ",\"calendlyApiToken\":\"  \"}", "calendlyApiToken");

        HttpResponse<String> notAnId = calendly.get("/api/v1/calendly/import/12");
        assertEquals(400, notAnId.statusCode());
        assertTrue(notAnId.body().contains("jobId"), notAnId.body());
        HttpResponse<String> unknown = calendly.get("/api/v1/calendly/import/7d0c5a1e-5b55-4f43-9b8e-0d2f1c3b4a59");
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", ImportClient.read(unknown.body()).get("error").asText());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM calendly_sync_jobs"));
    }

    private void assertBad(String body, String mentions) {
        HttpResponse<String> response = imports.start(body);
        assertEquals(400, response.statusCode(), body + " -> " + response.body());
        JsonNode error = ImportClient.read(response.body());
        assertEquals("bad_request", error.get("error").asText());
        assertTrue(error.get("message").asText().contains(mentions), body + " -> " + response.body());
    }
}
