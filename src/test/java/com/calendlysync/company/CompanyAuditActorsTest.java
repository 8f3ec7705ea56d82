package com.calendlysync.company;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator;
import com.calendlysync.calendly.CalendlySimulator.Host;
import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every write to the company's records names its real actor in the audit trail, read back
 * through GET /api/v1/audit: a customer created, changed and deactivated, an employee and a
 * project changed, a row of a CSV import, a person's link on a meeting and the meetings
 * re-linked after a change (the API token and its role), and the employee sync (the token that
 * asked, or the reconciliation run, doing "employee sync"). Nothing of it is "database".
 */
class CompanyAuditActorsTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();

    private String manager;
    private String managerId;
    private String adminId;
    /** The last audit entry the seeding wrote straight into the database (actor "database"). */
    private long seeded;

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        // the reconciliation route exists, but starts only when a test starts it
        settings.put("calendly.reconcile-enabled", "false");
        settings.put("calendly.reconcile-cron", "0/2 * * * * ?");
        settings.put("calendly.quartz-checkin-ms", "1000");
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @BeforeEach
    void seed() {
        if (manager != null) {
            return;
        }
        MeetingSeeder.people();
        new MeetingSeeder().seed(30);
        seeded = TestDatabase.count("SELECT coalesce(max(id), 0) FROM audit_log");
        manager = api.createToken(ADMIN_TOKEN, "manager", null);
        managerId = tokenId(manager);
        adminId = tokenId(ADMIN_TOKEN);
    }

    private String tokenId(String token) {
        return ApiClient.json(api.get("/api/v1/me", token)).get("tokenId").asText();
    }

    private static JsonNode ok(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return ApiClient.json(response);
    }

    /** The audit entries about one record, oldest first, as an auditor reads them. */
    private List<JsonNode> trail(String entity, long id) {
        JsonNode page = ok(api.get("/api/v1/audit?entity=" + entity + "&entityId=" + id + "&limit=500", ADMIN_TOKEN), 200);
        List<JsonNode> entries = new ArrayList<>();
        page.get("items").forEach(entries::add);
        java.util.Collections.reverse(entries);
        assertFalse(entries.isEmpty(), "the trail has entries about " + entity + " " + id);
        return entries;
    }

    private static void byToken(JsonNode entry, String tokenId, String role) {
        JsonNode actor = entry.get("actor");
        assertEquals("token", actor.get("kind").asText(), entry.toString());
        assertEquals(tokenId, actor.get("id").asText(), entry.toString());
        assertEquals(role, actor.get("role").asText(), entry.toString());
    }

    @Test
    void customerCreateChangeAndDeactivationNameTheTokenAndItsRole() {
        // a customer for an invitee who booked before being one: its meetings are re-linked at once
        String email = MeetingSeeder.inviteeEmail(2);
        JsonNode created = ok(api.post("/api/v1/customers", manager, "{\"name\":\"Audited\",\"email\":\"" + email + "\"}"), 201);
        long id = created.get("id").asLong();
        assertTrue(created.get("relinkedMeetings").asInt() > 0, created.toString());
        ok(api.method("PATCH", "/api/v1/customers/" + id, manager, "{\"customerNumber\":\"A-1\"}"), 200);
        ok(api.method("PATCH", "/api/v1/customers/" + id, manager, "{\"status\":\"inactive\"}"), 200);

        List<JsonNode> entries = trail("customers", id);
        assertEquals(3, entries.size(), entries.toString());
        assertEquals("insert", entries.get(0).get("action").asText());
        assertEquals("update", entries.get(1).get("action").asText());
        assertEquals("A-1", entries.get(1).get("changes").get("customer_number").get(1).asText());
        assertEquals("inactive", entries.get(2).get("changes").get("status").get(1).asText());
        entries.forEach(entry -> byToken(entry, managerId, "manager"));

        // the meetings the new customer linked: re-linked by the same token
        long meeting = TestDatabase.count("SELECT min(m.id) FROM meetings m JOIN calendly_meetings cm ON cm.meeting_id = m.id "
                + "WHERE cm.invitee_email = ?", email);
        JsonNode relinked = trail("meetings", meeting).stream()
                .filter(e -> e.get("changes").has("customer_id")).reduce((a, b) -> b).orElseThrow();
        byToken(relinked, managerId, "manager");
    }

    @Test
    void employeeAndProjectChangesNameTheToken() {
        JsonNode employee = ok(api.post("/api/v1/employees", manager, "{\"name\":\"Eve\",\"email\":\"eve@corp.example\"}"), 201);
        long employeeId = employee.get("id").asLong();
        ok(api.method("PATCH", "/api/v1/employees/" + employeeId, ADMIN_TOKEN, "{\"timezone\":\"Europe/Berlin\"}"), 200);
        List<JsonNode> employeeTrail = trail("employees", employeeId);
        assertEquals(2, employeeTrail.size(), employeeTrail.toString());
        byToken(employeeTrail.get(0), managerId, "manager");
        byToken(employeeTrail.get(1), adminId, "admin");
        assertEquals("Europe/Berlin", employeeTrail.get(1).get("changes").get("timezone").get(1).asText());

        JsonNode project = ok(api.post("/api/v1/projects", manager, "{\"name\":\"Rollout\",\"code\":\"RO-1\"}"), 201);
        long projectId = project.get("id").asLong();
        ok(api.method("PATCH", "/api/v1/projects/" + projectId, manager, "{\"description\":\"phase one\"}"), 200);
        List<JsonNode> projectTrail = trail("projects", projectId);
        assertEquals(2, projectTrail.size(), projectTrail.toString());
        projectTrail.forEach(entry -> byToken(entry, managerId, "manager"));
        assertEquals("phase one", projectTrail.get(1).get("changes").get("description").get(1).asText());
    }

    @Test
    void aCsvImportRowNamesTheToken() {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/customers/import"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + manager)
                .header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("name,email\nImported One,imported.one@client.example\n")).build());
        assertEquals(1, ok(response, 200).get("created").asInt(), response.body());
        long id = TestDatabase.count("SELECT id FROM customers WHERE email = 'imported.one@client.example'");
        List<JsonNode> entries = trail("customers", id);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals("insert", entries.get(0).get("action").asText());
        byToken(entries.get(0), managerId, "manager");

        HttpResponse<String> employees = api.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/employees/import"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("name,email\nImported Host,imported.host@corp.example\n")).build());
        assertEquals(1, ok(employees, 200).get("created").asInt(), employees.body());
        byToken(trail("employees", TestDatabase.count("SELECT id FROM employees WHERE email = 'imported.host@corp.example'")).get(0),
                adminId, "admin");
    }

    @Test
    void aPersonsLinkOnAMeetingNamesTheToken() {
        long meeting = TestDatabase.count("SELECT min(id) FROM meetings");
        long customer = TestDatabase.count("SELECT min(id) FROM customers WHERE status = 'active'");
        ok(api.method("PATCH", "/api/v1/meetings/" + meeting, manager, "{\"customerId\":" + customer + "}"), 200);
        JsonNode link = trail("meetings", meeting).stream()
                .filter(e -> e.get("changes").has("customer_link")).reduce((a, b) -> b).orElseThrow();
        assertEquals("person", link.get("changes").get("customer_link").get(1).asText(), link.toString());
        byToken(link, managerId, "manager");
    }

    @Test
    void theEmployeeSyncNamesTheTokenThenTheReconciliationRun() throws Exception {
        SIM.addMember("user", new Host(CalendlySimulator.API + "/users/audit-by-token", "synced.by.token@corp.example", "By Token"),
                "Europe/Paris");
        ok(api.post("/api/v1/employees/sync", ADMIN_TOKEN, null), 200);
        long byToken = TestDatabase.count("SELECT id FROM employees WHERE email = 'synced.by.token@corp.example'");
        JsonNode created = trail("employees", byToken).get(0);
        byToken(created, adminId, "admin");
        assertEquals("employee sync", created.get("actor").get("detail").asText(), created.toString());

        // a reconciliation syncs the employees first, under its own run
        SIM.addMember("user", new Host(CalendlySimulator.API + "/users/audit-by-run", "synced.by.run@corp.example", "By Run"),
                "Europe/Paris");
        context.getRouteController().startRoute("calendly-reconcile");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM employees WHERE email = 'synced.by.run@corp.example'") == 1);
        } finally {
            context.getRouteController().stopRoute("calendly-reconcile");
        }
        long byRun = TestDatabase.count("SELECT id FROM employees WHERE email = 'synced.by.run@corp.example'");
        JsonNode entry = trail("employees", byRun).get(0);
        JsonNode actor = entry.get("actor");
        assertEquals("reconciliation", actor.get("kind").asText(), entry.toString());
        assertEquals("employee sync", actor.get("detail").asText(), entry.toString());
        assertNull(actor.get("role"), entry.toString());
        JsonNode runs = ok(api.get("/api/v1/calendly/imports", ADMIN_TOKEN), 200);
        boolean named = false;
        for (JsonNode run : runs.has("items") ? runs.get("items") : runs) {
            named |= actor.get("id").asText().equals(run.path("jobId").asText(run.path("id").asText()));
        }
        assertTrue(named, "the actor names a reconciliation run listed by the API: " + actor + " in " + runs);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM audit_log WHERE id > ? AND actor ->> 'kind' = 'database'", seeded));
    }
}
