package com.calendlysync.privacy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.calendlysync.calendly.CalendlySimulator;
import com.calendlysync.calendly.ImportClient;
import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Delivery;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person's rights through the real app and PostgreSQL: export, erasure (nowhere afterwards,
 * and still nowhere after the same webhook again, a replay and an import), the consent answer,
 * preferences, retention against its dry run, and the audit trail that records all of it.
 */
class PrivacyApiTest extends AppTestSupport {

    /** One simulator per test class (EncryptedPrivacyApiTest runs these tests again beside this class). */
    private static final java.util.Map<Class<?>, CalendlySimulator> SIMULATORS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String CONSENT = "May we keep your details?";
    private static final String JORDAN = "jordan.ellis@example.com";
    /** What the shared sample says about Jordan, in every form it is stored. */
    private static final List<String> JORDAN_DATA = List.of("jordan.ellis", "Jordan", "Ellis", "555-0148", "Northwind Analytics",
            "migrate our booking data");

    private final ImportClient imports = new ImportClient(baseUrl(), calendly);

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", sim().baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
        settings.put("calendly.consent-question", CONSENT);
        settings.put("calendly.consent-no-answer", "No");
        settings.put("calendly.audit-seal-seconds", "1");
    }

    @AfterAll
    void stopSimulator() {
        sim().close();
    }

    private CalendlySimulator sim() {
        return SIMULATORS.computeIfAbsent(getClass(), k -> new CalendlySimulator());
    }

    private static Delivery booking(String email) {
        return Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(), UUID.randomUUID().toString(), email);
    }

    private void delivered(Delivery delivery, String status) {
        HttpResponse<String> response = calendly.deliver(delivery.bytes());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(status, ApiClient.json(response).get("status").asText(), response.body());
    }

    private void assertNowhere(List<String> data) {
        for (String text : data) {
            assertEquals(List.of(), PersonalDataHoldings.whereIs(text), "'" + text + "' is still held");
        }
    }

    /** How many meetings the list shows with this invitee email (sealed or not). */
    private int storedWithEmail(String email) {
        int found = 0;
        for (JsonNode item : ApiClient.json(api.get("/api/v1/meetings?limit=200&q=" + email, ADMIN_TOKEN)).get("items")) {
            found += email.equals(item.path("invitee").path("email").asText()) ? 1 : 0;
        }
        return found;
    }

    private JsonNode verified() {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                ApiClient.json(api.get("/api/v1/audit/verify", ADMIN_TOKEN)).get("unsealed").asLong() == 0);
        JsonNode verify = ApiClient.json(api.get("/api/v1/audit/verify", ADMIN_TOKEN));
        assertTrue(verify.get("valid").asBoolean(), verify.toString());
        return verify;
    }

    private JsonNode erase(String email, String reason) {
        HttpResponse<String> response = api.post("/api/v1/privacy/erasure", ADMIN_TOKEN,
                "{\"email\":\"" + email + "\",\"reason\":\"" + reason + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        return ApiClient.json(response);
    }

    /** A delivery that fails while applying is stored as failed, with its bytes, for a replay. */
    private long failedDelivery(Delivery delivery) {
        TestDatabase.execute("ALTER TABLE meetings ADD CONSTRAINT privacy_test_block CHECK (title <> '30 Minute Discovery Call') NOT VALID");
        try {
            HttpResponse<String> response = calendly.deliver(delivery.bytes());
            assertTrue(response.statusCode() >= 400, response.body());
        } finally {
            TestDatabase.execute("ALTER TABLE meetings DROP CONSTRAINT privacy_test_block");
        }
        return ((Number) TestDatabase.one("SELECT max(id) AS id FROM webhook_deliveries WHERE outcome = 'failed'").get("id")).longValue();
    }

    @Test
    void anErasedPersonIsNowhereAndStaysAbsentAfterWebhooksReplayAndImport() throws Exception {
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES (' Jordan.Ellis@example.com', 'Jordan Ellis')");
        delivered(Delivery.of(Samples.CREATED), "processed");
        delivered(booking(JORDAN), "processed");
        long failed = failedDelivery(booking(JORDAN));

        // the subject export holds everything about Jordan, and is itself audited
        HttpResponse<String> exported = api.get("/api/v1/privacy/export?email=Jordan.Ellis@Example.com", ADMIN_TOKEN);
        assertEquals(200, exported.statusCode(), exported.body());
        JsonNode export = ApiClient.json(exported);
        assertEquals(2, export.get("meetings").size());
        assertEquals(JORDAN, export.get("meetings").get(0).get("calendly").get("invitee_email").asText());
        assertEquals(3, export.get("deliveries").size(), "two processed and the failed one");
        assertEquals("Jordan Ellis", export.get("deliveries").get(0).get("body").get("payload").get("name").asText());
        assertEquals(1, export.get("customers").size());
        assertTrue(export.get("audit").size() >= 4, export.get("audit").toString());
        assertTrue(TestDatabase.count("SELECT count(*) FROM audit_log WHERE action = 'subject_export' AND actor ->> 'kind' = 'token'") >= 1);

        // what the webhook changed is recorded as made by that delivery
        List<Long> meetingIds = new java.util.ArrayList<>();
        for (JsonNode held : export.get("meetings")) {
            meetingIds.add(held.get("meeting").get("id").asLong());
            JsonNode byWebhook = ApiClient.json(api.get("/api/v1/audit?entity=calendly_meetings&actor=webhook&entityId="
                    + held.get("calendly").get("id").asLong(), ADMIN_TOKEN));
            assertEquals(1, byWebhook.get("items").size(), byWebhook.toString());
            assertTrue(byWebhook.get("items").get(0).get("actor").get("deliveryId").asLong() > 0, byWebhook.toString());
        }

        long started = System.nanoTime();
        JsonNode receipt = erase(JORDAN, "asked by email on 2026-11-30");
        long erasureMillis = (System.nanoTime() - started) / 1_000_000;
        JsonNode touched = receipt.get("touched");
        assertEquals(2, touched.get("calendlyRecords").asInt(), receipt.toString());
        assertEquals(2, touched.get("meetings").asInt(), receipt.toString());
        assertEquals(3, touched.get("deliveries").asInt(), receipt.toString());
        assertEquals(1, touched.get("customers").asInt(), receipt.toString());
        assertTrue(touched.get("auditEntries").asInt() >= 4, receipt.toString());
        assertEquals("asked", receipt.get("calendly").get("status").asText(), receipt.toString());
        assertEquals(List.of(JORDAN), sim().deletionRequests());
        System.out.println("erasure of a person with 2 meetings, 3 deliveries and 1 customer record: " + erasureMillis + " ms "
                + "(database " + receipt.get("durationMs") + " ms)");

        assertNowhere(JORDAN_DATA);
        // the facts reports need stay: both meetings, their times and event type
        for (long id : meetingIds) {
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM meetings m JOIN calendly_meetings c ON c.meeting_id = m.id "
                    + "WHERE m.id = ? AND m.start_time IS NOT NULL AND m.description IS NULL AND c.invitee_email IS NULL "
                    + "AND c.event_type_uri IS NOT NULL", id));
        }
        verified();
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM audit_log WHERE action = 'erasure' AND actor ->> 'kind' = 'token' "
                + "AND entity_id = ?", receipt.get("subject").asText()));

        // the same webhook again, and a newer version of it: stored, but without Jordan
        delivered(Delivery.of(Samples.CREATED), "duplicate");
        delivered(Delivery.of(Samples.CREATED).updatedAt("2026-03-11T09:00:00.000000Z"), "processed");
        assertNowhere(JORDAN_DATA);

        // a replay: the failed delivery (redacted by the erasure) and a new one that failed after it
        long failedLater = failedDelivery(booking(JORDAN));
        for (long id : new long[] {failed, failedLater}) {
            HttpResponse<String> replayed = api.post("/api/v1/deliveries/" + id + "/replay", ADMIN_TOKEN, null);
            assertEquals(200, replayed.statusCode(), replayed.body());
            assertEquals("processed", ApiClient.json(replayed).get("result").get("status").asText());
        }
        assertNowhere(JORDAN_DATA);
        assertEquals("replay", TestDatabase.one("SELECT actor ->> 'kind' AS k FROM audit_log WHERE entity = 'calendly_meetings' "
                + "ORDER BY id DESC LIMIT 1").get("k"));

        // an import from Calendly that still lists Jordan
        CalendlySimulator.Event event = sim().addEvent(Instant.now().plus(Duration.ofDays(3)), 30, "30 Minute Discovery Call",
                List.of(new CalendlySimulator.Host(CalendlySimulator.USER, "priya.raman@example.com", "Priya Raman")));
        sim().addInvitee(event, "Jordan Ellis", JORDAN);
        String jobId = imports.startOk("{\"startDate\":\"" + java.time.LocalDate.now() + "\",\"endDate\":\""
                + java.time.LocalDate.now().plusDays(10) + "\"}");
        assertEquals("completed", imports.await(jobId, Duration.ofSeconds(120)).get("status").asText());
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE calendly_event_uuid = ?", event.uuid));
        assertEquals(jobId, TestDatabase.one("SELECT actor ->> 'id' AS id FROM audit_log WHERE entity = 'calendly_meetings' "
                + "AND actor ->> 'kind' = 'import' LIMIT 1").get("id"));
        assertNowhere(JORDAN_DATA);

        // erasing twice is safe, and says nothing more was held
        JsonNode again = erase(JORDAN, "second request");
        assertTrue(again.get("touched").get("alreadyErased").asBoolean(), again.toString());
        JsonNode receipts = ApiClient.json(api.get("/api/v1/privacy/erasures", ADMIN_TOKEN));
        assertTrue(receipts.get("items").size() >= 2);
        assertNowhere(JORDAN_DATA);
        verified();
    }

    @Test
    void badRequestsNameTheFieldAndAnUnknownPersonStillGetsAReceiptAndStaysSuppressed() {
        for (String body : new String[] {"{\"email\":\"not-an-email\"}", "{}", "{\"email\":\"a@b.co\",\"why\":1}", "[1]", "{\"email\":7}"}) {
            HttpResponse<String> response = api.post("/api/v1/privacy/erasure", ADMIN_TOKEN, body);
            assertEquals(400, response.statusCode(), body + ": " + response.body());
            String message = ApiClient.json(response).get("message").asText();
            assertTrue(message.contains("'email'") || message.contains("'why'") || message.contains("object"), message);
        }
        assertEquals(400, api.get("/api/v1/privacy/export?email=nope", ADMIN_TOKEN).statusCode());
        assertEquals(400, api.get("/api/v1/privacy/export", ADMIN_TOKEN).statusCode());

        sim().dataCompliance(false);
        JsonNode receipt;
        try {
            receipt = erase("Nobody.Here@example.com", "never booked");
        } finally {
            sim().dataCompliance(true);
        }
        assertTrue(receipt.get("touched").get("nothingHeld").asBoolean(), receipt.toString());
        assertTrue(receipt.get("summary").asText().contains("Nothing was held"), receipt.toString());
        assertEquals("refused", receipt.get("calendly").get("status").asText());

        delivered(booking("nobody.here@example.com"), "processed");
        assertNowhere(List.of("nobody.here"));
    }

    @Test
    void aConsentAnswerOfNoKeepsThatPersonsMeetingsAnonymised() {
        Delivery said = booking("sam.noconsent@example.com").with(e -> {
            ObjectNode qa = ((com.fasterxml.jackson.databind.node.ArrayNode) e.get("payload").get("questions_and_answers")).addObject();
            qa.put("question", CONSENT).put("answer", "no").put("position", 2);
        });
        said.payload().put("name", "Sam Noconsent");
        delivered(said, "processed");
        Delivery later = booking("Sam.NoConsent@example.com");
        later.payload().put("name", "Sam Noconsent");
        delivered(later, "processed");
        assertNowhere(List.of("sam.noconsent", "Noconsent"));
        assertEquals(2L, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE invitee_uri IN (?, ?) AND invitee_email IS NULL",
                said.inviteeUri(), later.inviteeUri()));
    }

    @Test
    void aPreferenceNotToKeepDataAnonymisesWhatIsHeldAndWhatComes() {
        Delivery first = booking("pat.pref@example.com");
        first.payload().put("name", "Pat Preference");
        delivered(first, "processed");
        HttpResponse<String> set = api.method("PUT", "/api/v1/privacy/preferences", ADMIN_TOKEN,
                "{\"email\":\"pat.pref@example.com\",\"keepPersonalData\":false}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(1, ApiClient.json(set).get("touched").get("calendlyRecords").asInt());
        delivered(booking("pat.pref@example.com"), "processed");
        assertNowhere(List.of("pat.pref", "Pat Preference"));

        HttpResponse<String> lifted = api.method("PUT", "/api/v1/privacy/preferences", ADMIN_TOKEN,
                "{\"email\":\"pat.pref@example.com\",\"keepPersonalData\":true}");
        assertEquals(200, lifted.statusCode(), lifted.body());
        delivered(booking("pat.pref@example.com"), "processed");
        assertEquals(1, storedWithEmail("pat.pref@example.com"));

        erase("pat.pref@example.com", "asked");
        HttpResponse<String> refused = api.method("PUT", "/api/v1/privacy/preferences", ADMIN_TOKEN,
                "{\"email\":\"pat.pref@example.com\",\"keepPersonalData\":true}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals(400, api.method("PUT", "/api/v1/privacy/preferences", ADMIN_TOKEN,
                "{\"email\":\"pat.pref@example.com\"}").statusCode());
    }

    @Test
    void retentionRemovesExactlyWhatItsDryRunSaid() throws Exception {
        Delivery old = booking("olga.old@example.com");
        old.payload().put("name", "Olga Oldmeeting");
        delivered(old, "processed");
        delivered(booking("rita.recent@example.com"), "processed");
        // time passes: Olga's meeting ended 800 days ago, its delivery arrived 100 days ago
        TestDatabase.execute("UPDATE calendly_meetings SET event_end_at = now() - interval '800 days', "
                + "scheduled_at = now() - interval '800 days 1 hour' WHERE invitee_uri = ?", old.inviteeUri());
        TestDatabase.execute("UPDATE webhook_deliveries SET received_at = now() - interval '100 days' WHERE invitee_uri = ?", old.inviteeUri());
        TestDatabase.execute("INSERT INTO access_audit (at, action, status, detail) VALUES (now() - interval '400 days', 'denied', 401, 'old')");

        JsonNode status = ApiClient.json(api.get("/api/v1/privacy/retention", ADMIN_TOKEN));
        assertEquals(90, status.get("policy").get("rawBodyDays").asInt());
        JsonNode dryRun = status.get("nextRunWouldRemove");
        assertTrue(dryRun.get("personal_data").asInt() >= 1 && dryRun.get("raw_bodies").asInt() >= 1
                && dryRun.get("access_audit").asInt() >= 1, dryRun.toString());

        Retention retention = context.getRegistry().lookupByNameAndType("retention", Retention.class);
        java.util.Map<String, Object> run = retention.run();
        java.util.Map<?, ?> removed = (java.util.Map<?, ?>) run.get("removed");
        java.util.Map<?, ?> planned = (java.util.Map<?, ?>) run.get("planned");
        dryRun.fields().forEachRemaining(kind -> {
            assertEquals(kind.getValue().asLong(), ((Number) removed.get(kind.getKey())).longValue(), kind.getKey());
            assertEquals(kind.getValue().asLong(), ((Number) planned.get(kind.getKey())).longValue(), kind.getKey());
        });

        JsonNode after = ApiClient.json(api.get("/api/v1/privacy/retention", ADMIN_TOKEN));
        after.get("nextRunWouldRemove").fields().forEachRemaining(k -> assertEquals(0, k.getValue().asInt(), k.getKey()));
        assertEquals(run.get("runId"), after.get("lastRun").get("runId").asLong());
        assertNowhere(List.of("olga.old", "Oldmeeting"));
        assertEquals(1, storedWithEmail("rita.recent@example.com"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM access_audit WHERE detail = 'old'"));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM audit_log WHERE action = 'retention_run' AND actor ->> 'kind' = 'retention'"));
        verified();
    }

    @Test
    void auditorsReadTheTrailAndVerifyButCannotErase() {
        String auditor = api.createToken(ADMIN_TOKEN, "auditor", null);
        assertEquals(200, api.get("/api/v1/audit?entity=api_tokens", auditor).statusCode());
        JsonNode tokens = ApiClient.json(api.get("/api/v1/audit?entity=api_tokens&actor=token", auditor));
        assertFalse(tokens.get("items").isEmpty(), tokens.toString());
        assertEquals("admin", tokens.get("items").get(0).get("actor").get("role").asText());
        assertEquals(400, api.get("/api/v1/audit?from=yesterday", auditor).statusCode());
        assertEquals(400, api.get("/api/v1/audit?entityId=3", auditor).statusCode());
        assertNull(verified().get("firstInvalidId").textValue());
        assertEquals(403, api.post("/api/v1/privacy/erasure", auditor, "{\"email\":\"a@b.co\"}").statusCode());
        assertEquals(200, api.get("/api/v1/privacy/erasures", auditor).statusCode());

        // a bulk read of personal data is an audit entry naming the reader
        assertEquals(200, api.getBytes("/api/v1/meetings/export?format=csv", auditor).statusCode());
        long auditorId = ((Number) TestDatabase.one("SELECT max(id) AS id FROM api_tokens WHERE role = 'auditor'").get("id")).longValue();
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM audit_log WHERE action = 'meetings_export' AND actor ->> 'id' = ? "
                + "AND changes -> 'query' ->> 1 = 'format=csv'", String.valueOf(auditorId)));
    }
}
