package com.calendlysync.calendly;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator.Event;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook subscription setup, the status page's Calendly side, and canceling a meeting from our side. */
class SetupStatusCancelTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private static final String CALLBACK = "https://sync.company.example/api/v1/calendly/webhook";

    private final ImportClient api = new ImportClient(baseUrl(), calendly);

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
        settings.put("calendly.status-cache-seconds", "0");
        settings.put("calendly.public-url", "https://sync.company.example");
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @BeforeEach
    void clean() {
        TestDatabase.wipe();
        SIM.clearSubscriptions();
        SIM.resetCounters();
    }

    private JsonNode status() {
        HttpResponse<String> response = calendly.get("/api/v1/calendly/status");
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    @Test
    void setupCreatesKeepsAndReplacesOurSubscriptionOnly() {
        // another tool's subscription elsewhere is none of our business
        SIM.addSubscription("https://other-tool.example/hook", "active", List.of("invitee.created"));
        assertEquals("missing", status().at("/subscription/state").asText());

        HttpResponse<String> created = api.post("/api/v1/calendly/setup", "{\"callbackUrl\":\"" + CALLBACK + "\"}");
        assertEquals(200, created.statusCode(), created.body());
        JsonNode answer = json(created.body());
        assertEquals("created", answer.get("action").asText());
        assertTrue(answer.get("signingKey").isNull(), "the configured key is used, not shown");
        String uri = answer.get("subscription").asText();
        assertEquals(SECRET, SIM.signingKey(uri), "signed with our configured key");
        ObjectNode ours = SIM.subscriptions().stream().filter(s -> s.get("uri").asText().equals(uri)).findFirst().orElseThrow();
        assertEquals("organization", ours.get("scope").asText());
        assertEquals(4, ours.get("events").size());

        JsonNode status = status();
        assertEquals("active", status.at("/subscription/state").asText(), status.toString());
        assertEquals(CALLBACK, status.at("/subscription/callbackUrl").asText());
        assertTrue(status.at("/subscription/ours").asBoolean());
        assertTrue(status.at("/apiToken/configured").asBoolean());
        assertTrue(status.at("/apiToken/valid").asBoolean());
        assertTrue(status.get("lastReconciliation").isNull());
        assertTrue(status.has("webhook") && status.has("counts"), "the webhook side of the status is still there");

        JsonNode again = json(api.post("/api/v1/calendly/setup", "{\"callbackUrl\":\"" + CALLBACK + "\"}").body());
        assertEquals("kept", again.get("action").asText());
        assertEquals(uri, again.get("subscription").asText());

        // Calendly disabled it after a day of failed deliveries: setup replaces it
        SIM.disable(uri);
        assertEquals("disabled", status().at("/subscription/state").asText());
        JsonNode replaced = json(api.post("/api/v1/calendly/setup", "{\"callbackUrl\":\"" + CALLBACK + "\"}").body());
        assertEquals("replaced", replaced.get("action").asText(), replaced.toString());
        assertEquals(uri, replaced.get("replaced").asText());
        assertNotEquals(uri, replaced.get("subscription").asText());
        assertEquals("active", status().at("/subscription/state").asText());
        assertEquals(2, SIM.subscriptions().size(), "the other tool's subscription is untouched");
    }

    @Test
    void setupNeverHijacksASubscriptionItDidNotCreate() {
        String foreignUrl = "https://sync.company.example/shared-hook";
        ObjectNode foreign = SIM.addSubscription(foreignUrl, "disabled", List.of("invitee.created"));
        HttpResponse<String> refused = api.post("/api/v1/calendly/setup", "{\"callbackUrl\":\"" + foreignUrl + "\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("subscription_not_ours", json(refused.body()).get("error").asText());
        assertTrue(SIM.subscriptions().stream().anyMatch(s -> s.get("uri").equals(foreign.get("uri"))), "left alone");

        for (String bad : List.of("", "[]", "{}", "{\"callbackUrl\":42}", "{\"callbackUrl\":\"not a url\"}",
                "{\"callbackUrl\":\"ftp://x.example/hook\"}")) {
            HttpResponse<String> response = api.post("/api/v1/calendly/setup", bad);
            assertEquals(400, response.statusCode(), bad + " -> " + response.body());
            assertTrue(response.body().contains("callbackUrl") || response.body().contains("body"), response.body());
        }
    }

    @Test
    void cancelUpdatesAtOnceAndTheWebhookThatFollowsChangesNothing() throws Exception {
        Instant start = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES ('eli@client.example', 'Eli Ltd')");
        Event event = SIM.addEvent(start, 45, "Quarterly review", List.of(History.ALICE));
        ObjectNode first = SIM.addInvitee(event, "Dana Client", "dana@client.example");
        ObjectNode second = SIM.addInvitee(event, "Eli Client", "eli@client.example");
        for (ObjectNode invitee : List.of(first, second)) {
            assertEquals(200, calendly.deliver(CalendlySimulator.envelope("invitee.created", invitee, event.json,
                    invitee.get("created_at").asText())).statusCode());
        }
        long meetingId = ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE invitee_uri = ?",
                first.get("uri").asText()).get("meeting_id")).longValue();

        HttpResponse<String> response = api.post("/api/v1/meetings/" + meetingId + "/cancel", "{\"reason\":\"Client asked to move it\"}");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        assertEquals("canceled", answer.get("status").asText());
        assertEquals("Alice Host", answer.get("canceledBy").asText());
        assertEquals(2, answer.get("meetingsCanceled").size(), "both invitees of the event");
        assertEquals("canceled", event.json.get("status").asText(), "canceled in Calendly");
        String cols = "c.invitee_status, c.event_status, c.canceled_at, c.cancel_reason, c.canceled_by, c.canceler_type, "
                + "c.rescheduled, c.no_show, c.customer_match, c.hosts::text, m.status, m.title, m.start_time, m.customer_id, "
                + "m.employee_id, m.updated_at AS meeting_updated_at";
        String query = "SELECT " + cols + " FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id ORDER BY c.invitee_uri";
        List<Map<String, Object>> atCancel = TestDatabase.query(query);
        assertEquals(1, atCancel.stream().filter(row -> row.get("customer_id") != null).count(), "customer kept");
        for (Map<String, Object> row : atCancel) {
            assertEquals("canceled", row.get("status"));
            assertEquals("Client asked to move it", row.get("cancel_reason"));
            assertEquals("host", row.get("canceler_type"));
        }

        // Calendly now sends invitee.canceled for both; through the real webhook endpoint
        List<ObjectNode> followUps = SIM.cancellationWebhooks(event.uuid);
        assertEquals(2, followUps.size());
        for (ObjectNode delivery : followUps) {
            HttpResponse<String> webhook = calendly.deliver(delivery);
            assertEquals(200, webhook.statusCode(), webhook.body());
            assertEquals("processed", json(webhook.body()).get("status").asText(), webhook.body());
            // it carries what we recorded at cancel time: nothing to change, not even the stored payload
            assertEquals("unchanged", json(webhook.body()).get("change").asText(), webhook.body());
        }
        assertEquals(atCancel, TestDatabase.query(query), "the webhook changed nothing a user sees");

        HttpResponse<String> twice = api.post("/api/v1/meetings/" + meetingId + "/cancel", "{}");
        assertEquals(409, twice.statusCode(), twice.body());
        assertEquals(1, SIM.requests("cancellation"), "Calendly was asked once");
    }

    @Test
    void cancelAnswersBadInputWithA4xx() {
        assertEquals(400, api.post("/api/v1/meetings/abc/cancel", "{}").statusCode());
        assertEquals(400, api.post("/api/v1/meetings/0/cancel", "{}").statusCode());
        HttpResponse<String> unknown = api.post("/api/v1/meetings/999999/cancel", "{}");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("not_found", json(unknown.body()).get("error").asText());

        Event event = SIM.addEvent(Instant.now().plus(1, ChronoUnit.DAYS), 30, "Chat", List.of(History.BOB));
        ObjectNode invitee = SIM.addInvitee(event, "Fay", "fay@client.example");
        calendly.deliver(CalendlySimulator.envelope("invitee.created", invitee, event.json, invitee.get("created_at").asText()));
        long meetingId = ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings").get("meeting_id")).longValue();
        HttpResponse<String> badReason = api.post("/api/v1/meetings/" + meetingId + "/cancel", "{\"reason\":42}");
        assertEquals(400, badReason.statusCode());
        assertTrue(badReason.body().contains("reason"));
        assertEquals(400, api.post("/api/v1/meetings/" + meetingId + "/cancel", "not json").statusCode());
        assertEquals(400, api.post("/api/v1/meetings/" + meetingId + "/cancel",
                "{\"reason\":\"" + "x".repeat(10_001) + "\"}").statusCode());
        assertEquals("active", TestDatabase.one("SELECT status FROM meetings").get("status"), "nothing was canceled");
        assertFalse(SIM.requests("cancellation") > 0);
    }
}
