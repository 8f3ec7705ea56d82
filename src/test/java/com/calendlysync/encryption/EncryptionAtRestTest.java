package com.calendlysync.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.calendlysync.privacy.PersonalDataHoldings;
import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Delivery;
import com.calendlysync.support.Samples;
import com.calendlysync.support.SecondInstance;
import com.calendlysync.support.TestDatabase;
import com.calendlysync.support.WebhookClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Personal data encrypted at rest, through the real app and PostgreSQL with
 * CALENDLY_ENCRYPTION_KEYS set: what a dump of the database holds, what people still read and
 * find, a ciphertext moved to another row, a rotation, and the start refusing keys it needs.
 */
class EncryptionAtRestTest extends AppTestSupport {

    static final String K1 = "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    static final String K2 = "k2:" + java.util.Base64.getEncoder().encodeToString(new byte[] {
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 99});

    /** What the shared samples say about the two people, in every form the app stores. */
    private static final List<String> PERSONAL = List.of("jordan.ellis@example.com", "Jordan Ellis", "312-555-0148",
            "Northwind Analytics", "migrate our booking data", "morgan.blake@example.com", "Morgan Blake",
            "Something came up, will rebook", "Contoso Health");

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.encryption-keys", K1);
    }

    private JsonNode delivered(byte[] body) {
        HttpResponse<String> response = calendly.deliver(body);
        assertEquals(200, response.statusCode(), response.body());
        return ApiClient.json(response);
    }

    private JsonNode meetings(String query) {
        HttpResponse<String> response = api.get("/api/v1/meetings" + query, ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return ApiClient.json(response).get("items");
    }

    @Test
    void aDumpHoldsNoPersonalValueYetPeopleReadAndFindThemAll() {
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES ('Morgan.Blake@example.com', 'Contoso buyer')");
        long jordan = delivered(Samples.bytes(Samples.CREATED)).get("meetingId").asLong();
        long morgan = delivered(Samples.bytes(Samples.CANCELED)).get("meetingId").asLong();
        // a retry changes nothing: sealing is deterministic for the same value in the same place
        assertEquals("duplicate", delivered(Samples.bytes(Samples.CREATED)).get("status").asText());

        for (String text : PERSONAL) {
            List<String> where = PersonalDataHoldings.whereIs(text);
            if (text.startsWith("morgan.blake")) {
                // Morgan is also a customer: the company's own record (and its audit entry) is not invitee data
                where.removeAll(List.of("customers.email", "audit_log.changes"));
                assertEquals(0, TestDatabase.count("SELECT count(*) FROM audit_log WHERE entity <> 'customers' "
                        + "AND strpos(lower(changes::text), 'morgan.blake') > 0"));
            }
            assertEquals(List.of(), where, "'" + text + "' is in clear in the database");
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE sealed_by IS NULL"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE sealed_by IS NULL"));

        // the list shows the person, and finds them by exact email and by a whole word of the name
        JsonNode byEmail = meetings("?q=Jordan.Ellis@example.com");
        assertEquals(1, byEmail.size(), byEmail.toString());
        assertEquals("Jordan Ellis", byEmail.get(0).get("invitee").get("name").asText());
        assertEquals("jordan.ellis@example.com", byEmail.get(0).get("invitee").get("email").asText());
        assertEquals(jordan, meetings("?q=ellis").get(0).get("id").asLong());
        assertEquals(morgan, meetings("?q=Morgan").get(0).get("id").asLong());
        assertEquals(0, meetings("?q=nobody@example.com").size());

        // the detail and the Calendly record read in clear
        JsonNode detail = ApiClient.json(api.get("/api/v1/meetings/" + morgan, ADMIN_TOKEN));
        JsonNode invitee = detail.get("calendly").get("invitee");
        assertEquals("morgan.blake@example.com", invitee.get("email").asText(), detail.toString());
        assertEquals("Contoso Health", invitee.get("questionsAndAnswers").get(0).get("answer").asText());
        assertEquals("Something came up, will rebook next month.",
                detail.get("calendly").get("cancellation").get("reason").asText());
        assertEquals("Morgan Blake", detail.get("calendly").get("calendlyData").get("name").asText());

        // matching still works on the clear email while it is being applied
        assertTrue(detail.get("meeting").get("customer").hasNonNull("id"), detail.get("meeting").toString());

        // the export reads in clear
        HttpResponse<String> csv = api.get("/api/v1/meetings/export?format=csv&q=jordan.ellis@example.com", ADMIN_TOKEN);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.body().contains("jordan.ellis@example.com"), csv.body());
    }

    @Test
    void aCiphertextCopiedIntoAnotherRowDoesNotOpen() {
        Delivery first = Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "first.person@example.com");
        Delivery second = Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "second.person@example.com");
        delivered(first.bytes());
        long target = delivered(second.bytes()).get("meetingId").asLong();
        TestDatabase.execute("UPDATE calendly_meetings SET invitee_email = (SELECT c.invitee_email FROM calendly_meetings c "
                + "JOIN webhook_deliveries d ON d.invitee_uri = c.invitee_uri ORDER BY d.id DESC OFFSET 1 LIMIT 1) "
                + "WHERE meeting_id = " + target);
        HttpResponse<String> read = api.get("/api/v1/meetings/" + target, ADMIN_TOKEN);
        assertEquals(500, read.statusCode(), read.body());
        JsonNode error = ApiClient.json(read);
        assertEquals("stored_value_unreadable", error.get("error").asText(), read.body());
        assertTrue(error.get("message").asText().contains("calendly_meetings.invitee_email"), read.body());
        assertTrue(!read.body().contains("first.person"), read.body());
    }

    @Test
    void aRotationKeepsOldRowsReadableAndNewRowsCarryTheNewKey() throws Exception {
        long old = delivered(Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "before.rotation@example.com").bytes()).get("meetingId").asLong();
        try (SecondInstance rotated = SecondInstance.start(Map.of("calendly.encryption-keys", K2 + "," + K1,
                "calendly.admin.token", ADMIN_TOKEN))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> java.nio.file.Files.readString(rotated.log()).contains("encryption at rest:"));
            String log = java.nio.file.Files.readString(rotated.log());
            assertTrue(log.contains("encryption at rest: on, primary key id 'k2', older key ids [k1] still open what they sealed"), log);
            assertTrue(!log.contains(K2.substring(3)), "a key is never printed");
            WebhookClient webhook = new WebhookClient(rotated.baseUrl(), SECRET);
            HttpResponse<String> response = webhook.deliver(Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), "after.rotation@example.com").bytes());
            assertEquals(200, response.statusCode(), response.body());
            long fresh = ApiClient.json(response).get("meetingId").asLong();
            assertEquals("k2", TestDatabase.one("SELECT sealed_by FROM calendly_meetings WHERE meeting_id = " + fresh).get("sealed_by"));
            assertEquals("k1", TestDatabase.one("SELECT sealed_by FROM calendly_meetings WHERE meeting_id = " + old).get("sealed_by"));
            ApiClient rotatedApi = new ApiClient(rotated.baseUrl());
            JsonNode oldRow = ApiClient.json(rotatedApi.get("/api/v1/meetings/" + old, ADMIN_TOKEN));
            assertEquals("before.rotation@example.com", oldRow.get("meeting").get("invitee").get("email").asText(), oldRow.toString());
            JsonNode found = ApiClient.json(rotatedApi.get("/api/v1/meetings?q=after.rotation@example.com", ADMIN_TOKEN)).get("items");
            assertEquals(1, found.size(), found.toString());
        }
        // the running app (k1 only) cannot open what k2 sealed and says so instead of serving it
        long fresh = ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE sealed_by = 'k2' LIMIT 1")
                .get("meeting_id")).longValue();
        HttpResponse<String> read = api.get("/api/v1/meetings/" + fresh, ADMIN_TOKEN);
        assertEquals(500, read.statusCode(), read.body());
        assertTrue(read.body().contains("'k2'"), read.body());
        assertNotEquals(0, TestDatabase.count("SELECT count(*) FROM encryption_keys_used WHERE key_id = 'k2'"));
    }

    @Test
    void theStartRefusesWhenAKeyTheDatabaseNeedsIsMissing() throws Exception {
        delivered(Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "sealed.by.k1@example.com").bytes());
        java.nio.file.Path dir = java.nio.file.Path.of("target", "startup-refusal");
        java.nio.file.Files.createDirectories(dir);
        for (Map<String, String> keys : List.of(Map.of("CALENDLY_ENCRYPTION_KEYS", K2), Map.<String, String>of())) {
            java.nio.file.Path log = dir.resolve("missing-key-" + keys.size() + ".log");
            Map<String, String> env = new java.util.HashMap<>(keys);
            env.put("DATABASE_URL", TestDatabase.url());
            env.put("DATABASE_USER", "postgres");
            env.put("DATABASE_PASSWORD", "");
            int exit = com.calendlysync.support.AppProcess.runExpectingExit(
                    org.apache.camel.test.AvailablePortFinder.getNextAvailable(), log, env);
            String output = java.nio.file.Files.readString(log);
            assertEquals(1, exit, output);
            assertTrue(output.contains("sealed with encryption key id 'k1'"), output);
            assertTrue(!output.contains(K1.substring(3)) && !output.contains(K2.substring(3)), "a key is never printed");
        }
    }

    /** A sealed invitee named name, in an event starting at start, with its own invitee and event ids. */
    private long sealedMeeting(String name, String email, String start) {
        Delivery delivery = Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(), UUID.randomUUID().toString(), email)
                .with(envelope -> {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.get("payload")).put("name", name)
                            .putNull("first_name").putNull("last_name");
                    ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.get("payload").get("scheduled_event"))
                            .put("start_time", start).put("end_time", start.replace(":00:00", ":30:00"));
                });
        return delivered(delivery.bytes()).get("meetingId").asLong();
    }

    private List<Long> ids(JsonNode items) {
        List<Long> ids = new java.util.ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    @Test
    void aNameWordFindsSealedMeetingsPageByPageInTheListOrder() {
        TestDatabase.execute("INSERT INTO employees (email, name) VALUES ('priya.raman@example.com', 'Priya Raman')");
        long march = sealedMeeting("Avery Quinn", "avery.quinn@example.com", "2026-03-10T09:00:00.000000Z");
        long may = sealedMeeting("Riley Quinn", "riley.quinn@example.com", "2026-05-10T09:00:00.000000Z");
        long april = sealedMeeting("Avery Quinn", "avery.q@example.org", "2026-04-10T09:00:00.000000Z");
        long june = sealedMeeting("Dana Quinlan", "dana.quinlan@example.com", "2026-06-10T09:00:00.000000Z");

        // newest first, a page of two at a time, each next page from the cursor of the one before
        List<Long> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> response = api.get("/api/v1/meetings?q=Quinn&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_TOKEN);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = ApiClient.json(response);
            seen.addAll(ids(page.get("items")));
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null && seen.size() < 10);
        assertEquals(List.of(may, april, march), seen, "a whole word finds every sealed Quinn, not Quinlan");
        assertEquals(List.of(march, april, may), ids(meetings("?q=quinn&sort=startTime")));
        assertEquals(List.of(april, may, march), ids(meetings("?q=quinn&sort=-createdAt")), "newest booking first");
        // the host's own list: an employee token, and an admin filtering by that employee
        long priya = ((Number) TestDatabase.one("SELECT id FROM employees WHERE email = 'priya.raman@example.com'").get("id")).longValue();
        String hostToken = api.createToken(ADMIN_TOKEN, "employee", priya);
        HttpResponse<String> own = api.get("/api/v1/meetings?q=Avery", hostToken);
        assertEquals(200, own.statusCode(), own.body());
        assertEquals(List.of(april, march), ids(ApiClient.json(own).get("items")));
        assertEquals(List.of(may, april, march), ids(meetings("?q=quinn&employeeId=" + priya)));
        assertEquals(List.of(april, march), ids(meetings("?q=Avery%20Quinn")), "every word of the name");
        assertEquals(List.of(april), ids(meetings("?q=quinn&from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z")));
        assertEquals(3, ApiClient.json(api.get("/api/v1/meetings?q=quinn&total=true&limit=1", ADMIN_TOKEN)).get("total").asLong());
        assertEquals(List.of(june), ids(meetings("?q=dana.quinlan@example.com")));

        // the event type and no-show filters find a row by its keys as they change
        TestDatabase.execute("UPDATE calendly_meetings SET no_show = true, event_name = 'Renamed type' WHERE meeting_id = " + april);
        assertEquals(List.of(april), ids(meetings("?status=no-show")));
        assertEquals(List.of(april), ids(meetings("?eventType=renamed%20TYPE")));
        TestDatabase.execute("UPDATE calendly_meetings SET no_show = false WHERE meeting_id = " + april);
        assertEquals(List.of(), ids(meetings("?status=no-show")));

        // the ordered lookups follow a moved start, and an erasure leaves none of the person's behind
        TestDatabase.execute("UPDATE meetings SET start_time = '2026-07-01T09:00:00Z' WHERE id = " + march);
        assertEquals(List.of(march, may, april), ids(meetings("?q=quinn")));
        HttpResponse<String> erased = api.post("/api/v1/privacy/erasure", ADMIN_TOKEN,
                "{\"email\":\"riley.quinn@example.com\",\"reason\":\"subject asked\"}");
        assertTrue(erased.statusCode() / 100 == 2, erased.body());
        assertEquals(List.of(march, april), ids(meetings("?q=quinn")));
        // what is left of the erased booking in the list's keys is its event type, nothing of the person
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM calendly_lookups l WHERE l.meeting_id = " + may
                + " AND l.lookup NOT IN (SELECT convert_to('type:' || lower(c.event_name), 'UTF8') FROM calendly_meetings c"
                + " WHERE c.meeting_id = l.meeting_id UNION ALL SELECT convert_to('type-uri:' || c.event_type_uri, 'UTF8')"
                + " FROM calendly_meetings c WHERE c.meeting_id = l.meeting_id)"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM calendly_lookups WHERE meeting_id = " + may));
    }

    @Test
    void aCustomerAddedLaterIsMatchedToSealedMeetingsByEmailAndDomain() {
        long meeting = delivered(Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "Later.Customer@Example.com").bytes()).get("meetingId").asLong();
        JsonNode before = ApiClient.json(api.get("/api/v1/meetings/" + meeting, ADMIN_TOKEN)).get("meeting");
        assertTrue(before.get("customer") == null || before.get("customer").isNull(), before.toString());

        HttpResponse<String> created = api.post("/api/v1/customers", ADMIN_TOKEN,
                "{\"name\":\"Later Customer Ltd\",\"email\":\"later.customer@example.com\"}");
        assertEquals(201, created.statusCode(), created.body());
        long customer = ApiClient.json(created).get("id").asLong();
        JsonNode after = ApiClient.json(api.get("/api/v1/meetings/" + meeting, ADMIN_TOKEN)).get("meeting");
        assertEquals(customer, after.get("customer").get("id").asLong(), after.toString());
        assertEquals("email", after.get("linkedBy").get("customer").asText(), after.toString());
    }
}
