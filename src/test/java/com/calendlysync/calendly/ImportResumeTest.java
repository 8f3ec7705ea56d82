package com.calendlysync.calendly;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator.Event;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.SecondInstance;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An import whose instance dies half-way is resumed from its saved cursor, not started over. */
class ImportResumeTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private static final Instant FROM = Instant.parse("2026-08-01T00:00:00Z");
    private static final Map<String, String> SETTINGS = Map.of(
            "calendly.api-base-url", SIM.baseUrl(),
            "calendly.api-token", CalendlySimulator.TOKEN,
            "calendly.reconcile-enabled", "false",
            "calendly.import-heartbeat-seconds", "1",
            "calendly.import-stale-seconds", "3");

    @Override
    protected void settings(Properties settings) {
        settings.putAll(SETTINGS);
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void anImportInterruptedByACrashResumesWhereItStopped() throws Exception {
        History.build(SIM, FROM, 20, 320, 11, true);
        int events = SIM.events().size();
        int invitees = SIM.inviteeCount();
        SIM.latency(15);
        String jobId;
        try (SecondInstance other = SecondInstance.start(SETTINGS)) {
            ImportClient there = new ImportClient(other.baseUrl(), calendly);
            jobId = there.startOk("{\"startDate\":\"2026-07-31\",\"endDate\":\"2026-08-31\"}");
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (there.job(jobId).get("eventsSeen").asInt() < 130 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            other.crash();
        }
        JsonNode atCrash = new ImportClient(baseUrl(), calendly).job(jobId);
        assertEquals("running", atCrash.get("status").asText(), "the job is left running by the dead node");
        int doneAtCrash = atCrash.get("eventsSeen").asInt();
        assertTrue(doneAtCrash >= 130 && doneAtCrash < events, "crashed half-way: " + atCrash);

        SIM.latency(0);
        JsonNode job = new ImportClient(baseUrl(), calendly).await(jobId, Duration.ofSeconds(120));

        assertEquals("completed", job.get("status").asText(), job.toString());
        assertEquals(events, job.get("eventsSeen").asInt());
        assertEquals(invitees, TestDatabase.count("SELECT count(*) FROM calendly_meetings"));
        assertEquals(invitees, job.get("inviteesImported").asInt(), job.toString());
        assertEquals(invitees, job.get("created").asInt() + job.get("updated").asInt() + job.get("unchanged").asInt());
        // resumed, not restarted: the organization is not asked again, and at most the one event that
        // was in flight at the crash has its invitees listed twice
        assertEquals(1, SIM.requests("users/me"));
        long twice = SIM.events().stream().map((Event e) -> SIM.requests("invitees:" + e.uuid)).filter(n -> n > 1).count();
        assertTrue(twice <= 1, twice + " events were fetched twice");
        assertEquals(events, SIM.events().stream().filter(e -> SIM.requests("invitees:" + e.uuid) >= 1).count());
        assertEquals(4, job.get("pages").asInt(), "each of the 4 event pages counted once");
        assertTrue(SIM.requests("events-page") <= 5, "only the interrupted page is listed again");
    }

    @Test
    void anImportStoppedByAGracefulShutdownResumesToo() throws Exception {
        Instant september = Instant.parse("2026-09-01T00:00:00Z");
        History.build(SIM, september, 20, 250, 12, false);
        List<Event> events = SIM.events().stream()
                .filter(e -> e.json.get("start_time").asText().startsWith("2026-09")).toList();
        int invitees = events.stream().mapToInt(e -> e.invitees.size()).sum();
        SIM.latency(15);
        String jobId;
        try (SecondInstance other = SecondInstance.start(SETTINGS)) {
            ImportClient there = new ImportClient(other.baseUrl(), calendly);
            jobId = there.startOk("{\"startDate\":\"2026-09-01\",\"endDate\":\"2026-09-30\"}");
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (there.job(jobId).get("eventsSeen").asInt() < 80 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } // close(): SIGTERM, Camel shuts down gracefully
        JsonNode stopped = new ImportClient(baseUrl(), calendly).job(jobId);
        assertEquals("running", stopped.get("status").asText(), "a shutdown is no failure: " + stopped);
        assertTrue(stopped.get("eventsSeen").asInt() < events.size(), stopped.toString());

        SIM.latency(0);
        JsonNode job = new ImportClient(baseUrl(), calendly).await(jobId, Duration.ofSeconds(120));
        assertEquals("completed", job.get("status").asText(), job.toString());
        assertEquals(events.size(), job.get("eventsSeen").asInt());
        assertEquals(invitees, job.get("inviteesImported").asInt(), job.toString());
        long twice = events.stream().filter(e -> SIM.requests("invitees:" + e.uuid) > 1).count();
        assertEquals(0, twice, "a graceful stop finishes the event in hand, so nothing is fetched twice");
    }
}
