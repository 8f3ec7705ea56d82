package com.calendlysync.calendly;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing a history gives exactly the rows that the equivalent webhook deliveries give. */
class ImportHistoryTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");

    private final ImportClient imports = new ImportClient(baseUrl(), calendly);

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    private static void companyRecords() {
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES ('person3@client.example', 'Client Three'), "
                + "('PERSON7@client.example ', 'Client Seven')");
        TestDatabase.execute("INSERT INTO employees (email, name) VALUES ('alice@company.example', 'Alice'), "
                + "('bob@company.example', 'Bob')");
    }

    @Test
    void importGivesTheRowsTheEquivalentWebhooksGive() throws Exception {
        History.build(SIM, FROM, 30, 230, 42, true);
        SIM.addEvent(FROM.plusSeconds(3600), 30, "Nobody came", List.of(History.ALICE)); // no invitee at all
        SIM.inviteePageSize(2); // events with three invitees need a second page
        companyRecords();
        int events = SIM.events().size();
        int invitees = SIM.inviteeCount();

        String jobId = imports.startOk("{\"startDate\":\"2026-02-28\",\"endDate\":\"2026-04-30\"}");
        JsonNode job = imports.await(jobId, Duration.ofSeconds(120));

        assertEquals("completed", job.get("status").asText(), job.toString());
        assertEquals(events, job.get("eventsSeen").asInt());
        assertEquals(invitees, job.get("inviteesImported").asInt());
        assertEquals(invitees, job.get("created").asInt());
        assertEquals(0, job.get("failed").asInt());
        assertEquals(100, job.get("progress").asInt());
        assertEquals((events + 99) / 100, job.get("pages").asInt());
        // one /users/me, the event pages, one invitee page per event (two for three invitees), none for the empty event
        long threeInvitees = SIM.events().stream().filter(e -> e.invitees.size() == 3).count();
        long expectedRequests = 1 + job.get("pages").asLong() + (events - 1) + threeInvitees;
        assertEquals(expectedRequests, job.get("apiRequests").asLong());
        assertEquals(expectedRequests, SIM.requests());
        assertEquals(0, SIM.requests("invitees:" + SIM.events().stream()
                .filter(e -> e.invitees.isEmpty()).findFirst().orElseThrow().uuid));
        assertTrue(job.get("startedAt").asText().endsWith("Z"));
        assertTrue(job.get("finishedAt").asText().endsWith("Z"));
        Map<String, String> imported = Rows.snapshot();
        assertEquals(invitees, imported.size());
        assertTrue(TestDatabase.count("SELECT count(*) FROM meetings WHERE status = 'rescheduled'") > 0, "history has reschedules");
        assertTrue(TestDatabase.count("SELECT count(*) FROM meetings WHERE status = 'canceled'") > 0, "history has cancellations");
        assertTrue(TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE no_show") > 0, "history has no-shows");
        assertTrue(TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id IS NOT NULL") > 0, "customers matched");

        // the same history, as Calendly would have delivered it through webhooks
        TestDatabase.wipe();
        companyRecords();
        List<ObjectNode> deliveries = SIM.webhookHistory();
        for (ObjectNode delivery : deliveries) {
            HttpResponse<String> response = calendly.deliver(delivery);
            assertEquals(200, response.statusCode(), response.body());
        }
        Map<String, String> webhooked = Rows.snapshot();

        assertEquals(imported.keySet(), webhooked.keySet());
        for (String invitee : imported.keySet()) {
            assertEquals(webhooked.get(invitee), imported.get(invitee), "rows differ for " + invitee);
        }

        // importing again over the webhooked rows changes nothing
        String again = imports.startOk("{\"startDate\":\"2026-02-28T00:00:00Z\",\"endDate\":\"2026-04-30T00:00:00Z\"}");
        JsonNode second = imports.await(again, Duration.ofSeconds(120));
        assertEquals("completed", second.get("status").asText(), second.toString());
        assertEquals(invitees, second.get("unchanged").asInt(), second.toString());
        assertEquals(webhooked, Rows.snapshot());
    }
}
