package com.calendlysync.deliveries;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery log and the replay of a delivery that failed. */
class DeliveriesApiTest extends AppTestSupport {

    @Test
    void aDeliveryThatFailedIsReplayedThroughTheWebhookProcessing() {
        // a real failure: the database refuses the meeting while a (temporary) rule is in place
        TestDatabase.execute("ALTER TABLE meetings ADD CONSTRAINT replay_test_block CHECK (title <> '30 Minute Discovery Call')");
        HttpResponse<String> refused;
        try {
            refused = calendly.deliver(Samples.bytes(Samples.CREATED));
        } finally {
            TestDatabase.execute("ALTER TABLE meetings DROP CONSTRAINT replay_test_block");
        }
        assertTrue(refused.statusCode() >= 400, refused.body());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM calendly_meetings"));
        JsonNode failed = ApiClient.json(api.get("/api/v1/deliveries?outcome=failed", ADMIN_TOKEN)).get("items").get(0);
        assertEquals("failed", failed.get("outcome").asText());
        long id = failed.get("id").asLong();

        HttpResponse<String> replayed = api.post("/api/v1/deliveries/" + id + "/replay", ADMIN_TOKEN, null);

        assertEquals(200, replayed.statusCode(), replayed.body());
        JsonNode answer = ApiClient.json(replayed);
        assertEquals(id, answer.get("replayedDeliveryId").asLong());
        assertEquals("processed", answer.at("/result/status").asText());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE invitee_uri = ?", Samples.INVITEE_A));
        assertEquals("processed", TestDatabase.one("SELECT replay_outcome FROM webhook_deliveries WHERE id = ?", id).get("replay_outcome"));
        JsonNode listed = ApiClient.json(api.get("/api/v1/deliveries?outcome=failed", ADMIN_TOKEN)).get("items").get(0);
        assertNotNull(listed.get("replayedAt").textValue());
        // the meeting's own list of deliveries shows the same delivery, in its five fields
        long meetingId = answer.at("/result/meetingId").asLong();
        JsonNode ofMeeting = ApiClient.json(api.get("/api/v1/meetings/" + meetingId + "/deliveries", ADMIN_TOKEN));
        assertEquals(meetingId, ofMeeting.get("meetingId").asLong());
        JsonNode first = ofMeeting.get("items").get(0);
        assertEquals(id, first.get("id").asLong(), ofMeeting.toString());
        assertEquals("failed", first.get("outcome").asText());
        Set<String> fields = new HashSet<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("id", "receivedAt", "event", "outcome", "error"), fields);
        // once is enough; Calendly's own retry of it is then a duplicate, not a second meeting
        HttpResponse<String> again = api.post("/api/v1/deliveries/" + id + "/replay", ADMIN_TOKEN, null);
        assertEquals(409, again.statusCode());
        assertEquals("already_replayed", ApiClient.json(again).get("error").asText());
        assertEquals(200, calendly.deliver(Samples.bytes(Samples.CREATED)).statusCode());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings"));
    }

    @Test
    void onlyFailedDeliveriesCanBeReplayed() {
        assertEquals(200, calendly.deliver("{\"event\":\"routing_form_submission.created\",\"payload\":{}}".getBytes()).statusCode());
        long processed = ((Number) TestDatabase.one("SELECT max(id) AS id FROM webhook_deliveries WHERE outcome = 'processed'")
                .get("id")).longValue();

        HttpResponse<String> response = api.post("/api/v1/deliveries/" + processed + "/replay", ADMIN_TOKEN, null);

        assertEquals(409, response.statusCode());
        assertEquals("not_failed", ApiClient.json(response).get("error").asText());
        assertEquals(404, api.post("/api/v1/deliveries/99999/replay", ADMIN_TOKEN, null).statusCode());
        assertEquals(400, api.post("/api/v1/deliveries/x/replay", ADMIN_TOKEN, null).statusCode());
    }

    @Test
    void aFailedDeliveryThatIsStillMalformedFailsAgainAndSaysWhy() {
        HttpResponse<String> rejected = calendly.deliver("{\"event\":\"invitee.created\",\"payload\":{}}".getBytes());
        assertEquals(400, rejected.statusCode());
        long id = ((Number) TestDatabase.one("SELECT max(id) AS id FROM webhook_deliveries WHERE outcome = 'failed'").get("id")).longValue();

        HttpResponse<String> replayed = api.post("/api/v1/deliveries/" + id + "/replay", ADMIN_TOKEN, null);

        assertEquals(400, replayed.statusCode(), replayed.body());
        assertTrue(ApiClient.json(replayed).get("message").asText().length() > 5);
    }

    @Test
    void aBodyThatIsNotJsonIsNeverOfferedForReplay() {
        assertEquals(400, calendly.deliver("{\"event\": \"invitee.created\", \"payload\": ".getBytes()).statusCode());
        assertEquals(400, calendly.deliver("[1, 2, 3]".getBytes()).statusCode());
        assertEquals(400, calendly.deliver("{\"event\":\"invitee.created\",\"payload\":{}}".getBytes()).statusCode());

        JsonNode items = ApiClient.json(api.get("/api/v1/deliveries?outcome=failed&limit=3", ADMIN_TOKEN)).get("items");
        assertEquals(3, items.size());
        assertTrue(items.get(0).get("replayable").asBoolean(), "a missing field may be fixed by a new version: " + items.get(0));
        for (JsonNode unreadable : new JsonNode[] {items.get(1), items.get(2)}) {
            assertEquals(false, unreadable.get("replayable").asBoolean(), unreadable.toString());
            HttpResponse<String> replayed = api.post("/api/v1/deliveries/" + unreadable.get("id").asLong() + "/replay", ADMIN_TOKEN, null);
            assertEquals(409, replayed.statusCode(), replayed.body());
            assertEquals("not_replayable", ApiClient.json(replayed).get("error").asText());
        }
        assertEquals(200, calendly.deliver("{\"event\":\"routing_form_submission.created\",\"payload\":{}}".getBytes()).statusCode());
        for (JsonNode delivery : ApiClient.json(api.get("/api/v1/deliveries?limit=200", ADMIN_TOKEN)).get("items")) {
            if (!"failed".equals(delivery.get("outcome").asText())) {
                assertEquals(false, delivery.get("replayable").asBoolean(), "only a failed delivery can be replayed: " + delivery);
            }
        }
    }

    @Test
    void theLogPagesNewestFirstAndFiltersByOutcome() {
        for (int i = 0; i < 3; i++) {
            calendly.deliver(Samples.bytes(Samples.NO_SHOW_CREATED));
        }
        calendly.deliver("{\"event\":\"routing_form_submission.created\",\"payload\":{}}".getBytes());
        long total = TestDatabase.count("SELECT count(*) FROM webhook_deliveries");

        Set<Long> seen = new HashSet<>();
        String cursor = null;
        long previous = Long.MAX_VALUE;
        do {
            JsonNode page = ApiClient.json(api.get("/api/v1/deliveries?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_TOKEN));
            for (JsonNode d : page.get("items")) {
                assertTrue(d.get("id").asLong() < previous);
                previous = d.get("id").asLong();
                assertTrue(seen.add(previous));
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertEquals(total, seen.size());

        JsonNode duplicates = ApiClient.json(api.get("/api/v1/deliveries?outcome=duplicate", ADMIN_TOKEN)).get("items");
        assertEquals(TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE outcome = 'duplicate'"), duplicates.size());
        duplicates.forEach(d -> assertEquals("duplicate", d.get("outcome").asText()));
        assertEquals("ignored", ApiClient.json(api.get("/api/v1/deliveries?outcome=ignored", ADMIN_TOKEN)).at("/items/0/outcome").asText());

        HttpResponse<String> bad = api.get("/api/v1/deliveries?outcome=lost", ADMIN_TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("'outcome'"));
    }
}
