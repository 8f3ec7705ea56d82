package com.calendlysync.webhook;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Delivery;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.calendlysync.support.Samples.INVITEE_A;
import static com.calendlysync.support.Samples.INVITEE_B;
import static com.calendlysync.support.Samples.INVITEE_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a delivery leaves in the database, through the real HTTP endpoint and real PostgreSQL. */
class WebhookIngestionTest extends AppTestSupport {

    private static final String MEETING_OF = "SELECT c.*, m.* FROM meetings m JOIN calendly_meetings c ON c.meeting_id = m.id "
            + "WHERE c.invitee_uri = ?";

    @BeforeEach
    void clean() {
        TestDatabase.wipe();
    }

    private JsonNode deliverOk(byte[] body) {
        HttpResponse<String> response = calendly.deliver(body);
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    private Map<String, Object> meeting(String inviteeUri) {
        return TestDatabase.one(MEETING_OF, inviteeUri);
    }

    @Test
    void createdInviteeBecomesACompleteActiveMeeting() throws Exception {
        JsonNode answer = deliverOk(Samples.bytes(Samples.CREATED));

        assertEquals("processed", answer.get("status").asText());
        assertEquals("created", answer.get("change").asText());
        Map<String, Object> row = meeting(INVITEE_A);
        assertEquals(answer.get("meetingId").asLong(), ((Number) row.get("meeting_id")).longValue());
        assertEquals("active", row.get("status"));
        assertEquals("active", row.get("invitee_status"));
        assertEquals("calendly", row.get("source"));
        assertEquals("30 Minute Discovery Call", row.get("title"));
        assertEquals(30, row.get("duration_minutes"));
        assertEquals(Instant.parse("2026-03-18T15:00:00Z"), ((Timestamp) row.get("start_time")).toInstant());
        assertEquals(Instant.parse("2026-03-18T15:30:00Z"), ((Timestamp) row.get("end_time")).toInstant());
        assertEquals("timestamp with time zone", TestDatabase.one("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name = 'meetings' AND column_name = 'start_time'").get("data_type"));
        assertEquals("https://calendly.com/events/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/google_meet", row.get("location"));
        assertTrue(((String) row.get("description")).contains("Company name: Northwind Analytics"));
        assertEquals("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", row.get("calendly_event_uuid"));
        assertEquals("a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d", row.get("calendly_invitee_uuid"));
        assertEquals("Jordan Ellis", row.get("invitee_name"));
        assertEquals("jordan.ellis@example.com", row.get("invitee_email"));
        assertEquals("+1 312-555-0148", row.get("invitee_phone"));
        assertEquals("America/Chicago", row.get("invitee_timezone"));
        assertEquals("spring_launch", row.get("utm_campaign"));
        assertEquals("newsletter", row.get("utm_source"));
        assertEquals("email", row.get("utm_medium"));
        assertEquals("https://calendly.com/cancellations/a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d", row.get("cancel_url"));
        assertEquals("https://calendly.com/reschedulings/a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d", row.get("reschedule_url"));
        assertEquals("google_conference", row.get("location_type"));
        assertEquals("unmatched", row.get("customer_match"));
        assertFalse((Boolean) row.get("no_show"));
        JsonNode answers = JSON.readTree(row.get("questions_and_answers").toString());
        assertEquals("What would you like to discuss?", answers.get(1).get("question").asText());
        JsonNode stored = JSON.readTree(row.get("calendly_data").toString());
        assertEquals(Samples.json(Samples.CREATED).get("payload"), stored, "the original payload is kept as received");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM meeting_hosts WHERE email = 'priya.raman@example.com'"));
        Map<String, Object> delivery = TestDatabase.one("SELECT outcome, event_type, raw_body FROM webhook_deliveries");
        assertEquals("processed", delivery.get("outcome"));
        assertEquals("invitee.created", delivery.get("event_type"));
        assertEquals(new String(Samples.bytes(Samples.CREATED)), new String((byte[]) delivery.get("raw_body")),
                "the raw body is stored byte for byte");
    }

    @Test
    void canceledInviteeKeepsTheCancellationDetails() {
        deliverOk(Samples.bytes(Samples.CANCELED));

        Map<String, Object> row = meeting(INVITEE_C);
        assertEquals("canceled", row.get("status"));
        assertEquals("canceled", row.get("invitee_status"));
        assertEquals("invitee", row.get("canceler_type"));
        assertEquals("Morgan Blake", row.get("canceled_by"));
        assertTrue(row.get("cancel_reason") != null && !row.get("cancel_reason").toString().isBlank());
        assertTrue(row.get("canceled_at") != null);
        assertFalse((Boolean) row.get("rescheduled"));
    }

    @Test
    void rescheduleWithTheCancellationFirstLinksBothWays() {
        deliverOk(Samples.bytes(Samples.CREATED));
        deliverOk(Samples.bytes(Samples.RESCHEDULE_OLD_CANCELED));
        deliverOk(Samples.bytes(Samples.RESCHEDULE_NEW_CREATED));
        assertRescheduleLinked();
    }

    @Test
    void rescheduleWithTheNewBookingFirstLinksBothWays() {
        deliverOk(Samples.bytes(Samples.CREATED));
        deliverOk(Samples.bytes(Samples.RESCHEDULE_NEW_CREATED));
        assertEquals("rescheduled", meeting(INVITEE_A).get("status"), "the old half learns it was rescheduled at once");
        deliverOk(Samples.bytes(Samples.RESCHEDULE_OLD_CANCELED));
        assertRescheduleLinked();
    }

    @Test
    void rescheduleLinksEvenWhenTheOldBookingWasNeverSeenBefore() {
        deliverOk(Samples.bytes(Samples.RESCHEDULE_NEW_CREATED));
        deliverOk(Samples.bytes(Samples.RESCHEDULE_OLD_CANCELED));
        assertRescheduleLinked();
    }

    private void assertRescheduleLinked() {
        Map<String, Object> old = meeting(INVITEE_A);
        Map<String, Object> replacement = meeting(INVITEE_B);
        assertEquals("rescheduled", old.get("status"), "a rescheduled meeting is not 'canceled'");
        assertEquals("rescheduled", old.get("invitee_status"));
        assertTrue((Boolean) old.get("rescheduled"));
        assertEquals(INVITEE_B, old.get("new_invitee_uri"));
        assertEquals(INVITEE_A, replacement.get("old_invitee_uri"));
        assertEquals("active", replacement.get("status"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM meetings"));

        JsonNode details = json(calendly.get("/api/v1/calendly/" + replacement.get("meeting_id") + "/calendly-details").body());
        assertEquals(((Number) old.get("meeting_id")).longValue(), details.at("/reschedule/previousMeetingId").asLong());
        JsonNode oldDetails = json(calendly.get("/api/v1/calendly/" + old.get("meeting_id") + "/calendly-details").body());
        assertEquals(((Number) replacement.get("meeting_id")).longValue(), oldDetails.at("/reschedule/nextMeetingId").asLong());
    }

    @Test
    void theSameDeliveryAgainIsADuplicateAndChangesNothing() {
        JsonNode first = deliverOk(Samples.bytes(Samples.CREATED));
        Object updatedAt = meeting(INVITEE_A).get("updated_at");

        JsonNode second = deliverOk(Samples.bytes(Samples.CREATED));
        JsonNode third = deliverOk(Samples.bytes(Samples.CREATED));

        assertEquals("duplicate", second.get("status").asText());
        assertEquals("duplicate", third.get("status").asText());
        assertEquals(first.get("meetingId"), second.get("meetingId"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM meetings"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE outcome = 'processed'"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE outcome = 'duplicate'"));
        assertEquals(updatedAt, meeting(INVITEE_A).get("updated_at"));
    }

    @Test
    void concurrentCopiesOfOneDeliveryCountOnce() throws Exception {
        List<JsonNode> answers = inParallel(16, () -> deliverOk(Samples.bytes(Samples.CREATED)));

        assertEquals(1, answers.stream().filter(a -> a.get("status").asText().equals("processed")).count());
        assertEquals(15, answers.stream().filter(a -> a.get("status").asText().equals("duplicate")).count());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM meetings"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings"));
    }

    @Test
    void concurrentDifferentDeliveriesForOneInviteeMakeOneRow() throws Exception {
        // invitee C booked and then canceled: both deliveries race, many times over
        Delivery created = Delivery.of(Samples.CANCELED).eventType("invitee.created")
                .with(e -> {
                    ((ObjectNode) e.get("payload")).put("status", "active");
                    ((ObjectNode) e.get("payload")).remove("cancellation");
                })
                .updatedAt("2026-03-01T10:00:00.000000Z").envelopeCreatedAt("2026-03-01T10:00:01.000000Z");
        byte[] canceled = Samples.bytes(Samples.CANCELED);
        List<JsonNode> answers = inParallel(12, () -> deliverOk(created.bytes()), () -> deliverOk(canceled));

        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM meetings"));
        assertEquals("canceled", meeting(INVITEE_C).get("status"));
        assertEquals(2, answers.stream().filter(a -> a.get("status").asText().equals("processed")).count());
    }

    @Test
    void aLateCreatedNeverReactivatesACanceledMeeting() {
        deliverOk(Samples.bytes(Samples.RESCHEDULE_OLD_CANCELED));
        JsonNode late = deliverOk(Samples.bytes(Samples.CREATED));

        assertEquals("processed", late.get("status").asText());
        assertEquals("unchanged", late.get("change").asText());
        Map<String, Object> row = meeting(INVITEE_A);
        assertEquals("rescheduled", row.get("status"));
        assertEquals(INVITEE_B, row.get("new_invitee_uri"));
        assertEquals("invitee", TestDatabase.one("SELECT calendly_data -> 'cancellation' ->> 'canceler_type' AS t "
                + "FROM calendly_meetings").get("t"), "the newer payload is kept, not the late older one");
    }

    @Test
    void aLateCreatedNeverReactivatesAPlainCancellation() {
        Delivery canceled = Delivery.of(Samples.CANCELED);
        Delivery created = Delivery.of(Samples.CANCELED).eventType("invitee.created").with(e -> {
            ((ObjectNode) e.get("payload")).put("status", "active");
            ((ObjectNode) e.get("payload")).remove("cancellation");
        }).updatedAt("2026-03-01T10:00:00.000000Z").envelopeCreatedAt("2026-03-01T10:00:01.000000Z");

        deliverOk(canceled.bytes());
        deliverOk(created.bytes());

        assertEquals("canceled", meeting(INVITEE_C).get("status"));
        assertEquals("canceled", meeting(INVITEE_C).get("invitee_status"));
    }

    @Test
    void noShowIsMarkedAndClearedInTheOrderCalendlyMadeThem() {
        deliverOk(Samples.bytes(Samples.RESCHEDULE_NEW_CREATED));
        deliverOk(Samples.bytes(Samples.NO_SHOW_CREATED));
        Map<String, Object> marked = meeting(INVITEE_B);
        assertTrue((Boolean) marked.get("no_show"));
        assertTrue(marked.get("no_show_uri").toString().startsWith("https://api.calendly.com/invitee_no_shows/"));
        assertEquals("active", marked.get("status"), "a no-show is a mark, not a status change");

        Delivery cleared = Delivery.of(Samples.NO_SHOW_CREATED).eventType("invitee_no_show.deleted")
                .with(e -> ((ObjectNode) e.get("payload")).putNull("no_show"))
                .envelopeCreatedAt("2026-03-21T09:00:00.000000Z");
        deliverOk(cleared.bytes());
        assertFalse((Boolean) meeting(INVITEE_B).get("no_show"));

        // the mark arriving again late (older than the removal) does not bring it back
        Delivery lateMark = Delivery.of(Samples.NO_SHOW_CREATED).envelopeCreatedAt("2026-03-20T09:00:00.000000Z");
        deliverOk(lateMark.bytes());
        assertFalse((Boolean) meeting(INVITEE_B).get("no_show"));
    }

    @Test
    void aGroupEventGivesOneRecordPerInvitee() {
        String event = "77777777-0000-4000-8000-000000000001";
        for (int i = 1; i <= 3; i++) {
            deliverOk(Delivery.of(Samples.CREATED)
                    .invitee(event, "77777777-1111-4000-8000-00000000000" + i, "guest" + i + "@example.com").bytes());
        }

        assertEquals(3, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE calendly_event_uuid = ?", event));
        assertEquals(3, TestDatabase.count("SELECT count(DISTINCT meeting_id) FROM calendly_meetings"));
        assertEquals(3, TestDatabase.count("SELECT count(DISTINCT invitee_email) FROM calendly_meetings"));
    }

    @Test
    void inviteesAreMatchedToActiveCustomersByTrimmedCaseInsensitiveEmail() {
        TestDatabase.execute("INSERT INTO customers (email, name, status) VALUES ('old@example.com', 'Gone', 'inactive')");
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES ('  Jordan.Ellis@Example.COM ', 'Northwind')");
        long customer = TestDatabase.count("SELECT id FROM customers WHERE name = 'Northwind'");

        deliverOk(Samples.bytes(Samples.CREATED));
        deliverOk(Delivery.of(Samples.CREATED).invitee("e-2", "i-2", "old@example.com").bytes());
        deliverOk(Delivery.of(Samples.CREATED).invitee("e-3", "i-3", "nobody@example.com").bytes());
        deliverOk(Delivery.of(Samples.CREATED).invitee("e-4", "i-4", null).bytes());

        Map<String, Object> matched = meeting(INVITEE_A);
        assertEquals(customer, ((Number) matched.get("customer_id")).longValue());
        assertEquals("matched", matched.get("customer_match"));
        assertEquals("unmatched", meeting("https://api.calendly.com/scheduled_events/e-2/invitees/i-2").get("customer_match"),
                "an inactive customer does not match");
        assertNull(meeting("https://api.calendly.com/scheduled_events/e-3/invitees/i-3").get("customer_id"));
        assertEquals("no_email", meeting("https://api.calendly.com/scheduled_events/e-4/invitees/i-4").get("customer_match"));
        assertEquals(4, TestDatabase.count("SELECT count(*) FROM meetings"), "no match still stores the meeting");
    }

    @Test
    void everyHostIsMatchedToAnActiveEmployeeAndTheFirstOrganises() {
        TestDatabase.execute("INSERT INTO employees (email, name) VALUES ('lead@example.com', 'Lead')");
        TestDatabase.execute("INSERT INTO employees (email, name) VALUES ('second@example.com', 'Second')");
        TestDatabase.execute("INSERT INTO employees (email, name, active) VALUES ('left@example.com', 'Left', false)");
        long lead = TestDatabase.count("SELECT id FROM employees WHERE name = 'Lead'");
        long second = TestDatabase.count("SELECT id FROM employees WHERE name = 'Second'");

        deliverOk(Delivery.of(Samples.CREATED).hosts("Lead@Example.com", "second@example.com", "left@example.com",
                "stranger@example.com").bytes());

        Map<String, Object> row = meeting(INVITEE_A);
        assertEquals(lead, ((Number) row.get("employee_id")).longValue());
        List<Map<String, Object>> hosts = TestDatabase.query(
                "SELECT position, email, employee_id FROM meeting_hosts ORDER BY position");
        assertEquals(4, hosts.size());
        assertEquals(lead, ((Number) hosts.get(0).get("employee_id")).longValue());
        assertEquals(second, ((Number) hosts.get(1).get("employee_id")).longValue());
        assertNull(hosts.get(2).get("employee_id"), "an inactive employee is not assigned");
        assertNull(hosts.get(3).get("employee_id"));
    }

    @Test
    void otherEventTypesAreStoredAndIgnored() {
        byte[] body = "{\"created_at\":\"2026-03-10T16:42:08.000000Z\",\"event\":\"routing_form_submission.created\",\"payload\":{\"uri\":\"https://api.calendly.com/routing_form_submissions/x\"}}".getBytes();
        JsonNode answer = deliverOk(body);

        assertEquals("ignored", answer.get("status").asText());
        assertEquals("routing_form_submission.created", answer.get("event").asText());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE outcome = 'ignored'"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM meetings"));
    }

    @Test
    void legacySixteenCharacterIdsAreKeptAsTheyAre() {
        deliverOk(Delivery.of(Samples.CREATED).invitee("DDVRNUTABYGF4LO2", "GMHEOIJCC6XQ4IKF", "legacy@example.com").bytes());

        Map<String, Object> row = meeting("https://api.calendly.com/scheduled_events/DDVRNUTABYGF4LO2/invitees/GMHEOIJCC6XQ4IKF");
        assertEquals("GMHEOIJCC6XQ4IKF", row.get("calendly_invitee_uuid"));
        assertEquals("DDVRNUTABYGF4LO2", row.get("calendly_event_uuid"));
    }

    @Test
    void detailsOfAnUnknownOrMalformedMeetingAreClearErrors() {
        HttpResponse<String> unknown = calendly.get("/api/v1/calendly/424242/calendly-details");
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", json(unknown.body()).get("error").asText());
        HttpResponse<String> malformed = calendly.get("/api/v1/calendly/abc/calendly-details");
        assertEquals(400, malformed.statusCode());
        assertTrue(json(malformed.body()).get("message").asText().contains("meetingId"));
    }

    @SafeVarargs
    private static List<JsonNode> inParallel(int copies, Callable<JsonNode>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies * calls.length);
        try {
            List<Callable<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                tasks.addAll(List.of(calls));
            }
            List<JsonNode> answers = new ArrayList<>();
            for (Future<JsonNode> f : pool.invokeAll(tasks)) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
