package com.calendlysync.company;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Customers, employees and projects through the API: create, validation that names the field,
 * normalised unique emails (409 naming the other record), lists with search, status and cursor
 * paging, profiles with meeting totals, deactivation, and what an employee token may read.
 */
class CompanyRecordsApiTest extends AppTestSupport {

    private String manager;
    private String auditor;
    private String employee1;

    @BeforeEach
    void seed() {
        if (manager != null) {
            return;
        }
        MeetingSeeder.people();
        new MeetingSeeder().seed(60);
        manager = api.createToken(ADMIN_TOKEN, "manager", null);
        auditor = api.createToken(ADMIN_TOKEN, "auditor", null);
        employee1 = api.createToken(ADMIN_TOKEN, "employee", 1L);
    }

    private JsonNode ok(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return ApiClient.json(response);
    }

    private JsonNode error(HttpResponse<String> response, int status, String... words) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = ApiClient.json(response);
        for (String word : words) {
            assertTrue(error.get("message").asText().contains(word), error + " names " + word);
        }
        return error;
    }

    @Test
    void aCustomerIsCreatedNormalisedAndItsMeetingsLinkAtOnce() {
        // customer1@client.example already exists; a new one for an email that booked without being a customer
        String email = MeetingSeeder.inviteeEmail(1);
        long meetings = TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE invitee_email = ?", email);
        assertTrue(meetings > 0);
        JsonNode created = ok(api.post("/api/v1/customers", manager, "{\"name\":\"Walk-in\",\"email\":\"  "
                + email.toUpperCase() + " \",\"companyDomain\":\"WWW.Walk-In.example\",\"customerNumber\":\"C-100\"}"), 201);
        assertEquals(email, created.get("email").asText());
        assertEquals("walk-in.example", created.get("companyDomain").asText());
        assertEquals("C-100", created.get("customerNumber").asText());
        assertEquals("active", created.get("status").asText());
        assertEquals(meetings, created.get("relinkedMeetings").asLong());
        long id = created.get("id").asLong();
        assertEquals(meetings, TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = ? AND customer_link = 'email'", id));

        JsonNode profile = ok(api.get("/api/v1/customers/" + id, auditor), 200);
        assertEquals("Walk-in", profile.get("name").asText());
        JsonNode totals = profile.get("totals");
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings m WHERE customer_id = ? AND status <> 'rescheduled'", id),
                totals.get("meetings").asLong());
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings m WHERE customer_id = ? AND status = 'canceled'", id),
                totals.get("canceled").asLong());
        assertTrue(totals.has("upcoming") && totals.has("completed") && totals.has("noShows"));
        assertTrue(totals.get("lastMeeting").has("startTime"), totals.toString());
    }

    @Test
    void badFieldsAre400sThatNameTheField() {
        error(api.post("/api/v1/customers", manager, "{\"email\":\"x@y.example\"}"), 400, "'name'", "required");
        error(api.post("/api/v1/customers", manager, "{\"name\":\"X\",\"email\":\"not-an-email\"}"), 400, "'email'");
        error(api.post("/api/v1/customers", manager, "{\"name\":\"X\",\"companyDomain\":\"no domain\"}"), 400, "'companyDomain'");
        error(api.post("/api/v1/customers", manager, "{\"name\":\"X\",\"status\":\"gone\"}"), 400, "'status'");
        error(api.post("/api/v1/customers", manager, "{\"name\":\"X\",\"phone\":\"1\"}"), 400, "unknown field 'phone'");
        error(api.post("/api/v1/customers", manager, "{\"name\":42}"), 400, "'name'", "text");
        error(api.post("/api/v1/customers", manager, "[1]"), 400, "JSON object");
        error(api.post("/api/v1/customers", manager, "{\"name\":"), 400, "not valid JSON");
        error(api.post("/api/v1/employees", manager, "{\"name\":\"E\"}"), 400, "'email'");
        error(api.post("/api/v1/employees", manager, "{\"name\":\"E\",\"email\":\"e@corp.example\",\"calendlyUserUri\":\"bob\"}"),
                400, "'calendlyUserUri'");
        error(api.post("/api/v1/projects", manager, "{\"name\":\"P\",\"customerId\":99999}"), 400, "'customerId'", "no customer 99999");
        error(api.post("/api/v1/projects", manager, "{\"name\":\"P\",\"code\":\"has space\"}"), 400, "'code'");
        error(api.post("/api/v1/projects", manager, "{\"name\":\"P\",\"customerId\":-3}"), 400, "'customerId'");
        error(api.get("/api/v1/customers?status=gone", manager), 400, "'status'");
        error(api.get("/api/v1/customers?limit=0", manager), 400, "'limit'");
        error(api.get("/api/v1/customers?cursor=nonsense", manager), 400, "'cursor'");
        error(api.get("/api/v1/customers?sort=name", manager), 400, "unknown parameter 'sort'");
        error(api.get("/api/v1/customers/99999", manager), 404, "99999");
        error(api.method("PATCH", "/api/v1/projects/99999", manager, "{\"name\":\"x\"}"), 404, "99999");
        error(api.get("/api/v1/customers/abc", manager), 400, "customerId");
    }

    @Test
    void emailsAreUniqueAmongActiveRecordsAndConflictsNameTheOther() {
        long first = ok(api.post("/api/v1/customers", ADMIN_TOKEN, "{\"name\":\"One\",\"email\":\"dup@client.example\",\"customerNumber\":\"N-1\"}"), 201)
                .get("id").asLong();
        error(api.post("/api/v1/customers", ADMIN_TOKEN, "{\"name\":\"Two\",\"email\":\" DUP@client.example\"}"), 409,
                "dup@client.example", "customer " + first);
        error(api.post("/api/v1/customers", ADMIN_TOKEN, "{\"name\":\"Three\",\"customerNumber\":\"n-1\"}"), 409,
                "customer number", "customer " + first);
        // deactivated, its email is free again; reactivating it then conflicts
        assertEquals("inactive", ok(api.method("PATCH", "/api/v1/customers/" + first, manager, "{\"status\":\"inactive\"}"), 200)
                .get("status").asText());
        long second = ok(api.post("/api/v1/customers", ADMIN_TOKEN, "{\"name\":\"Two\",\"email\":\"dup@client.example\"}"), 201)
                .get("id").asLong();
        error(api.method("PATCH", "/api/v1/customers/" + first, manager, "{\"status\":\"active\"}"), 409, "customer " + second);
        // nothing is deleted
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM customers WHERE id = ? AND status = 'inactive'", first));

        long employee = ok(api.post("/api/v1/employees", ADMIN_TOKEN, "{\"name\":\"Dee\",\"email\":\"dee@corp.example\"}"), 201)
                .get("id").asLong();
        error(api.post("/api/v1/employees", ADMIN_TOKEN, "{\"name\":\"Dee 2\",\"email\":\"DEE@corp.example\"}"), 409, "employee " + employee);
        ok(api.post("/api/v1/projects", ADMIN_TOKEN, "{\"name\":\"Alpha\",\"code\":\"ALPHA-1\"}"), 201);
        error(api.post("/api/v1/projects", ADMIN_TOKEN, "{\"name\":\"Alpha again\",\"code\":\"alpha-1\"}"), 409, "code");
    }

    @Test
    void listsSearchFilterAndPageWithCursors() {
        for (int i = 0; i < 7; i++) {
            ok(api.post("/api/v1/customers", manager, "{\"name\":\"Paging Co " + i + "\",\"email\":\"paging" + i + "@paging.example\"}"), 201);
        }
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok(api.get("/api/v1/customers?q=paging&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), auditor), 200);
            page.get("items").forEach(c -> names.add(c.get("name").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(List.of("Paging Co 0", "Paging Co 1", "Paging Co 2", "Paging Co 3", "Paging Co 4", "Paging Co 5", "Paging Co 6"), names);

        long gone = TestDatabase.count("SELECT id FROM customers WHERE email = 'paging6@paging.example'");
        ok(api.method("PATCH", "/api/v1/customers/" + gone, manager, "{\"status\":\"inactive\"}"), 200);
        assertEquals(6, ok(api.get("/api/v1/customers?q=paging", auditor), 200).get("items").size());
        JsonNode inactive = ok(api.get("/api/v1/customers?q=paging&status=inactive", auditor), 200);
        assertEquals(1, inactive.get("items").size());
        assertEquals("Paging Co 6", inactive.get("items").get(0).get("name").asText());
        assertEquals(7, ok(api.get("/api/v1/customers?q=PAGING&status=all", auditor), 200).get("items").size());

        JsonNode employees = ok(api.get("/api/v1/employees?q=host3", manager), 200);
        assertEquals(1, employees.get("items").size());
        assertEquals("Employee D", employees.get("items").get(0).get("name").asText());
    }

    @Test
    void projectsBelongToCustomersAndTheirOnlyProjectLinksTheirMeetings() {
        long customer = 3;
        long meetings = TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = ?", customer);
        assertTrue(meetings > 0);
        JsonNode project = ok(api.post("/api/v1/projects", manager, "{\"name\":\"Rollout\",\"customerId\":3,\"code\":\"ROLL\"}"), 201);
        assertEquals(meetings, project.get("relinkedMeetings").asLong());
        assertEquals("Customer 3", project.get("customerName").asText());
        long id = project.get("id").asLong();
        assertEquals(meetings, TestDatabase.count("SELECT count(*) FROM meetings WHERE project_id = ? AND project_link = 'only_project'", id));
        JsonNode profile = ok(api.get("/api/v1/projects/" + id, manager), 200);
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings WHERE project_id = ? AND status <> 'rescheduled'", id),
                profile.get("totals").get("meetings").asLong());
        JsonNode customerProfile = ok(api.get("/api/v1/customers/3", manager), 200);
        assertEquals("Rollout", customerProfile.get("projects").get(0).get("name").asText());
        assertEquals(1, ok(api.get("/api/v1/projects?customerId=3", manager), 200).get("items").size());
        // a second active project: a later meeting of the customer no longer has one obvious project
        ok(api.post("/api/v1/projects", manager, "{\"name\":\"Second\",\"customerId\":3}"), 201);
        assertEquals(meetings, TestDatabase.count("SELECT count(*) FROM meetings WHERE project_id = ?", id), "rule links stay");
        JsonNode renamed = ok(api.method("PATCH", "/api/v1/projects/" + id, manager, "{\"name\":\"Rollout 2\",\"code\":null}"), 200);
        assertEquals("Rollout 2", renamed.get("name").asText());
        assertTrue(renamed.get("code").isNull());
    }

    @Test
    void anEmployeeTokenReadsOnlyItselfAndTheCustomersAndProjectsOfItsMeetings() {
        JsonNode employees = ok(api.get("/api/v1/employees", employee1), 200);
        assertEquals(1, employees.get("items").size());
        assertEquals(1, employees.get("items").get(0).get("id").asLong());
        ok(api.get("/api/v1/employees/1", employee1), 200);
        error(api.get("/api/v1/employees/2", employee1), 403, "own employee");

        List<Long> visible = new ArrayList<>();
        ok(api.get("/api/v1/customers?limit=200", employee1), 200).get("items").forEach(c -> visible.add(c.get("id").asLong()));
        List<Long> expected = new ArrayList<>();
        TestDatabase.query("SELECT DISTINCT m.customer_id AS id FROM meetings m JOIN meeting_hosts h ON h.meeting_id = m.id "
                + "WHERE h.employee_id = 1 AND m.customer_id IS NOT NULL ORDER BY 1").forEach(r -> expected.add(((Number) r.get("id")).longValue()));
        assertTrue(!expected.isEmpty());
        assertEquals(expected.stream().sorted().toList(), visible.stream().sorted().toList());
        long other = ((Number) TestDatabase.one("SELECT min(id) AS id FROM customers cu WHERE NOT EXISTS (SELECT 1 FROM meetings m "
                + "JOIN meeting_hosts h ON h.meeting_id = m.id WHERE m.customer_id = cu.id AND h.employee_id = 1)").get("id")).longValue();
        error(api.get("/api/v1/customers/" + other, employee1), 403, "customer " + other);
        JsonNode own = ok(api.get("/api/v1/customers/" + expected.get(0), employee1), 200);
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings m WHERE m.customer_id = ? AND m.status <> 'rescheduled' AND EXISTS "
                + "(SELECT 1 FROM meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = 1)", expected.get(0)),
                own.get("totals").get("meetings").asLong(), "an employee's totals count only its own meetings");
        error(api.post("/api/v1/customers", employee1, "{\"name\":\"No\"}"), 403, "employee");
        error(api.method("PATCH", "/api/v1/customers/1", auditor, "{\"name\":\"No\"}"), 403, "auditor");
    }
}
