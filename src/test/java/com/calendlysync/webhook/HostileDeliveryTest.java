package com.calendlysync.webhook;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed deliveries of every hostile kind: each is stored (what PostgreSQL cannot hold is kept
 * as the mapper decides) or refused with a 400 that names the field, its raw bytes kept as a
 * failed delivery; never a 5xx, never an internal name in an answer or a stored error, never a
 * lost delivery, and a replay of a refused one is a 4xx that leaves it failed.
 */
class HostileDeliveryTest extends AppTestSupport {

    private static final List<String> INTERNALS = List.of("Exception", "java.", "org.", "com.", "SQL", "PL/pgSQL",
            "constraint", "StreamReadConstraints", "jackson", "PreparedStatement");

    private int uri = 0;

    /** A created booking with its own invitee URI, changed by the case. */
    private byte[] created(Consumer<ObjectNode> change) {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        ObjectNode payload = (ObjectNode) envelope.get("payload");
        uri++;
        payload.put("uri", "https://api.calendly.com/scheduled_events/hostile/invitees/i-" + uri);
        change.accept(envelope);
        return Samples.compact(envelope);
    }

    private static ObjectNode payload(ObjectNode envelope) {
        return (ObjectNode) envelope.get("payload");
    }

    private static ObjectNode event(ObjectNode envelope) {
        return (ObjectNode) envelope.get("payload").get("scheduled_event");
    }

    record Case(String name, byte[] body, int status, String field) {
    }

    private List<Case> cases() {
        String nul = "a\u0000b";
        String longText = "N".repeat(3_000);
        List<Case> cases = new ArrayList<>();
        // stored: Calendly's data is what it is
        cases.add(new Case("NUL in the invitee name", created(e -> payload(e).put("name", nul)), 200, null));
        cases.add(new Case("NUL in the email", created(e -> payload(e).put("email", "x\u0000@example.com")), 200, null));
        cases.add(new Case("NUL in a Q&A answer", created(e -> ((ObjectNode) payload(e).get("questions_and_answers").get(0)).put("answer", nul)), 200, null));
        cases.add(new Case("NUL in a UTM field", created(e -> ((ObjectNode) payload(e).get("tracking")).put("utm_source", nul)), 200, null));
        cases.add(new Case("NUL in the event name", created(e -> event(e).put("name", nul)), 200, null));
        cases.add(new Case("NUL in a field name", created(e -> payload(e).put("x\u0000y", 1)), 200, null));
        cases.add(new Case("NUL in the event type", created(e -> e.put("event", "invitee.\u0000created")), 200, null));
        cases.add(new Case("a 3,000-character invitee name", created(e -> payload(e).put("name", longText)), 200, null));
        cases.add(new Case("a 100,000-character event name", created(e -> event(e).put("name", "E".repeat(100_000))), 200, null));
        cases.add(new Case("a 100,000-character Q&A answer", created(e -> ((ObjectNode) payload(e).get("questions_and_answers").get(0))
                .put("answer", "A".repeat(100_000))), 200, null));
        cases.add(new Case("a 100,000-character event type name", created(e -> e.put("event", "x".repeat(100_000))), 200, null));
        cases.add(new Case("a javascript: cancel link", created(e -> payload(e).put("cancel_url", "javascript:alert(1)")), 200, null));
        // refused, kept as failed
        cases.add(new Case("a 100,000-character invitee URI", created(e -> payload(e).put("uri", "https://api.calendly.com/" + "u".repeat(100_000))),
                400, "payload.uri"));
        cases.add(new Case("a 100,000-character old_invitee", created(e -> payload(e).put("old_invitee", "https://api.calendly.com/" + "u".repeat(100_000))),
                400, "payload.old_invitee"));
        for (String time : new String[] {"0000-01-01T00:00:00Z", "-0044-03-15T12:00:00Z", "+294277-01-01T00:00:00Z"}) {
            cases.add(new Case("start_time " + time, created(e -> event(e).put("start_time", time)), 400, "payload.scheduled_event.start_time"));
            cases.add(new Case("envelope created_at " + time, created(e -> e.put("created_at", time)), 400, "created_at"));
            cases.add(new Case("updated_at " + time, created(e -> payload(e).put("updated_at", time)), 400, "payload.updated_at"));
        }
        cases.add(new Case("a cancellation at year 0", created(e -> {
            e.put("event", "invitee.canceled");
            payload(e).put("status", "canceled").putObject("cancellation").put("created_at", "0000-06-01T00:00:00Z");
        }), 400, "payload.cancellation.created_at"));
        cases.add(new Case("a meeting to year 9000", created(e -> event(e).put("end_time", "9000-01-01T00:00:00Z")), 400,
                "payload.scheduled_event.end_time"));
        cases.add(new Case("10,000-deep JSON", ("{\"event\":\"invitee.created\",\"payload\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")
                .getBytes(StandardCharsets.UTF_8), 400, null));
        cases.add(new Case("a 5,000-digit number", ("{\"event\":\"invitee.created\",\"created_at\":" + "9".repeat(5_000) + ",\"payload\":{}}")
                .getBytes(StandardCharsets.UTF_8), 400, null));
        cases.add(new Case("not JSON", "{\"event\": invitee".getBytes(StandardCharsets.UTF_8), 400, null));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileDeliveryIsStoredOrRefusedClearly() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            long before = TestDatabase.count("SELECT count(*) FROM webhook_deliveries");
            HttpResponse<String> response = calendly.deliver(c.body());

            assertEquals(c.status(), response.statusCode(), c.name() + ": " + response.body().substring(0, Math.min(300, response.body().length())));
            JsonNode answer = ApiClient.json(response);
            for (String internal : INTERNALS) {
                assertFalse(response.body().contains(internal), c.name() + " names " + internal + ": " + response.body());
            }
            if (c.field() != null) {
                assertTrue(answer.get("message").asText().startsWith(c.field() + " "), answer.toString());
            }
            // nothing accepted is lost: the exact bytes are kept, processed or failed
            assertEquals(before + 1, TestDatabase.count("SELECT count(*) FROM webhook_deliveries"), c.name());
            Map<String, Object> stored = TestDatabase.one("SELECT outcome, error, raw_body, event_type FROM webhook_deliveries ORDER BY id DESC LIMIT 1");
            assertTrue(java.util.Arrays.equals(c.body(), (byte[]) stored.get("raw_body")), c.name() + ": the bytes as received");
            if (c.status() == 400) {
                assertEquals("failed", stored.get("outcome"));
                if (c.field() != null) {
                    assertTrue(String.valueOf(stored.get("event_type")).startsWith("invitee."), "the failed delivery says what it was: " + stored.get("event_type"));
                    assertEquals(answer.get("message").asText(), stored.get("error"), "the stored reason is the answer's");
                }
                for (String internal : INTERNALS) {
                    assertFalse(String.valueOf(stored.get("error")).contains(internal), c.name() + " stored " + stored.get("error"));
                }
            } else {
                assertNotEquals("failed", stored.get("outcome"), c.name());
            }
        }));
    }

    @Test
    void storedTextKeepsNulAsTheReplacementCharacter() {
        assertEquals(200, calendly.deliver(created(e -> payload(e).put("name", "Ada\u0000Lovelace"))).statusCode());
        assertEquals("Ada\uFFFDLovelace", TestDatabase.one("SELECT invitee_name FROM calendly_meetings ORDER BY id DESC LIMIT 1")
                .get("invitee_name"));
    }

    @Test
    void twoInviteeUrisThatEndInTheSameIdAreTwoMeetings() {
        assertEquals(200, calendly.deliver(created(e -> payload(e).put("uri", "https://api.calendly.com/scheduled_events/e1/invitees/same-id"))).statusCode());
        assertEquals(200, calendly.deliver(created(e -> payload(e).put("uri", "https://api.calendly.com/scheduled_events/e2/invitees/same-id"))).statusCode());
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE calendly_invitee_uuid = 'same-id'"));
    }

    @Test
    void aReplayOfARefusedDeliveryIsA4xxAndTheDeliveryStaysFailed() {
        HttpResponse<String> refused = calendly.deliver(created(e -> event(e).put("start_time", "0000-01-01T00:00:00Z")));
        assertEquals(400, refused.statusCode());
        long id = ((Number) TestDatabase.one("SELECT max(id) AS id FROM webhook_deliveries WHERE outcome = 'failed'").get("id")).longValue();
        long deliveries = TestDatabase.count("SELECT count(*) FROM webhook_deliveries");

        HttpResponse<String> replayed = api.post("/api/v1/deliveries/" + id + "/replay", ADMIN_TOKEN, null);

        assertEquals(400, replayed.statusCode(), replayed.body());
        assertTrue(ApiClient.json(replayed).get("message").asText().contains("stays failed"), replayed.body());
        assertEquals("failed", TestDatabase.one("SELECT outcome FROM webhook_deliveries WHERE id = ?", id).get("outcome"));
        assertEquals("failed", TestDatabase.one("SELECT replay_outcome FROM webhook_deliveries WHERE id = ?", id).get("replay_outcome"));
        assertEquals(deliveries, TestDatabase.count("SELECT count(*) FROM webhook_deliveries"), "a failed replay stores no new delivery");
    }

    @Test
    void aSignatureWithATimestampFarInThePastIsRefused() {
        byte[] body = created(e -> { });
        String header = SignatureVerifier.sign(SECRET, java.time.Instant.now().getEpochSecond() - Long.MAX_VALUE / 2 - (1L << 62), body);
        HttpResponse<String> response = calendly.post(body, header, "application/json");
        assertEquals(401, response.statusCode(), response.body());
    }

    @AfterAll
    void appIsStillHealthy() {
        assertEquals(200, calendly.get("/observe/health").statusCode());
    }
}
