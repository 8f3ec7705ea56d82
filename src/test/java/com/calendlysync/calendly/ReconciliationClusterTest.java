package com.calendlysync.calendly;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator.Event;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.SecondInstance;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconciliation on Quartz, clustered over the database: two instances of the app, each firing
 * runs on exactly one of them, and a cancellation whose webhook never came is repaired.
 */
class ReconciliationClusterTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private static final Map<String, String> SETTINGS = Map.of(
            "calendly.api-base-url", SIM.baseUrl(),
            "calendly.api-token", CalendlySimulator.TOKEN,
            "calendly.reconcile-cron", "0/2 * * * * ?",
            "calendly.reconcile-days-back", "3",
            "calendly.reconcile-days-ahead", "10",
            "calendly.quartz-checkin-ms", "1000",
            "calendly.status-cache-seconds", "0");

    @Override
    protected void settings(Properties settings) {
        settings.putAll(SETTINGS);
    }

    @AfterAll
    void cleanUp() {
        SIM.close();
        // the schedule lives in the database: leave none behind for the next test class
        for (String table : List.of("qrtz_fired_triggers", "qrtz_cron_triggers", "qrtz_simple_triggers",
                "qrtz_simprop_triggers", "qrtz_blob_triggers", "qrtz_triggers", "qrtz_job_details",
                "qrtz_scheduler_state", "qrtz_locks", "qrtz_paused_trigger_grps", "qrtz_calendars")) {
            TestDatabase.execute("DELETE FROM " + table);
        }
    }

    private static long liveInstances() {
        return TestDatabase.count("SELECT count(*) FROM qrtz_scheduler_state "
                + "WHERE last_checkin_time > extract(epoch FROM now()) * 1000 - 2 * checkin_interval");
    }

    @Test
    void twoInstancesRunEachFiringOnceAndAMissedCancellationIsRepaired() throws Exception {
        Instant soon = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Event event = SIM.addEvent(soon, 30, "Demo", List.of(History.BOB));
        ObjectNode invitee = SIM.addInvitee(event, "Casey Client", "casey@client.example");
        SIM.addEvent(soon.plus(30, ChronoUnit.DAYS), 30, "Outside the window", List.of(History.BOB));
        HttpResponse<String> booked = calendly.deliver(CalendlySimulator.envelope("invitee.created", invitee, event.json,
                invitee.get("created_at").asText()));
        assertEquals(200, booked.statusCode(), booked.body());

        // canceled in Calendly, but the webhook is lost
        SIM.cancelInvitee(event, invitee, "Casey Client", "invitee", "Found another vendor", Instant.now());

        try (SecondInstance other = SecondInstance.start(SETTINGS)) {
            // live instances only: every app joins the cluster (retention and the audit head run on it
            // too), and one of an earlier test class that stopped drops out once it no longer checks in
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> liveInstances() == 2 && TestDatabase.count("SELECT count(*) FROM calendly_sync_jobs "
                            + "WHERE kind = 'reconciliation' AND status = 'completed'") >= 8);
            long instances = liveInstances();
            assertEquals(2, instances, "both instances joined the Quartz cluster");
        }

        List<Map<String, Object>> runs = TestDatabase.query("SELECT fire_time, count(*) AS runs, "
                + "count(DISTINCT node) AS nodes FROM calendly_sync_jobs WHERE kind = 'reconciliation' GROUP BY fire_time");
        assertTrue(runs.size() >= 8, "runs: " + runs);
        for (Map<String, Object> firing : runs) {
            assertEquals(1L, ((Number) firing.get("runs")).longValue(), "firing ran more than once: " + firing);
        }
        assertTrue(TestDatabase.count("SELECT count(DISTINCT node) FROM calendly_sync_jobs WHERE kind = 'reconciliation'") >= 1);

        Map<String, Object> repaired = TestDatabase.one("SELECT m.status, c.cancel_reason, c.canceler_type "
                + "FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id WHERE c.invitee_uri = ?",
                invitee.get("uri").asText());
        assertEquals("canceled", repaired.get("status"));
        assertEquals("Found another vendor", repaired.get("cancel_reason"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings"), "the event outside the window is not imported");

        JsonNode status = json(calendly.get("/api/v1/calendly/status").body());
        JsonNode last = status.get("lastReconciliation");
        assertEquals("completed", last.get("status").asText(), status.toString());
        assertTrue(last.get("windowStart").asText().endsWith("Z"));
        assertEquals(0, last.get("failed").asInt());
        assertTrue(status.at("/apiToken/valid").asBoolean(), status.toString());
        assertEquals(CalendlySimulator.ORGANIZATION, status.at("/apiToken/organization").asText());
    }
}
