package com.calendlysync.company;

import java.net.http.HttpResponse;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator;
import com.calendlysync.calendly.CalendlySimulator.Host;
import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Employees from Calendly's organization members, against the simulator: every page (more than
 * 100 members), created and updated by user URI then email, their hosted meetings linked at
 * once, and a host who changed their email still matched by user URI.
 */
class EmployeeSyncTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();

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

    private static String userUri(int e) {
        return "https://api.calendly.com/users/" + String.format("%08d-0000-4000-8000-000000000000", e);
    }

    @Test
    void membersOnEveryPageBecomeEmployeesAndTheirMeetingsLink() {
        TestDatabase.wipe();
        new MeetingSeeder().seed(40);
        // host0 is already an employee (by email, no Calendly URI yet)
        TestDatabase.execute("INSERT INTO employees (name, email) VALUES ('Old Name', 'HOST0@corp.example')");
        for (int e = 0; e < MeetingSeeder.EMPLOYEES; e++) {
            SIM.addMember(e == 0 ? "owner" : "user", new Host(userUri(e), MeetingSeeder.employeeEmail(e), "Employee " + (char) ('A' + e)),
                    "Europe/Berlin");
        }
        for (int i = 0; i < 145; i++) {
            SIM.addMember("user", new Host(CalendlySimulator.API + "/users/member-" + i, "member" + i + "@corp.example", "Member " + i),
                    "America/New_York");
        }
        SIM.resetCounters();

        HttpResponse<String> response = api.post("/api/v1/employees/sync", ADMIN_TOKEN, null);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode report = ApiClient.json(response);
        assertEquals(150, report.get("memberships").asInt());
        assertEquals(2, report.get("pages").asInt());
        assertEquals(2, SIM.requests("memberships-page"));
        assertTrue(SIM.requestLines().stream().anyMatch(l -> l.contains("/organization_memberships?") && l.contains("count=100")));
        assertEquals(149, report.get("created").asInt());
        assertEquals(1, report.get("updated").asInt());
        assertEquals(150, TestDatabase.count("SELECT count(*) FROM employees WHERE calendly_user_uri IS NOT NULL"));
        assertEquals("Employee A", TestDatabase.one("SELECT name FROM employees WHERE calendly_user_uri = ?", userUri(0)).get("name"));
        assertEquals("owner", TestDatabase.one("SELECT calendly_role FROM employees WHERE calendly_user_uri = ?", userUri(0)).get("calendly_role"));
        long hosts = TestDatabase.count("SELECT count(*) FROM meeting_hosts");
        assertEquals(hosts, TestDatabase.count("SELECT count(*) FROM meeting_hosts WHERE employee_id IS NOT NULL"));
        assertTrue(report.get("relinkedMeetings").asInt() > 0);

        // a second run changes nothing
        JsonNode again = ApiClient.json(api.post("/api/v1/employees/sync", ADMIN_TOKEN, null));
        assertEquals(150, again.get("unchanged").asInt(), again.toString());

        // host1 changes email in Calendly: the same employee follows, and a new booking with the new
        // email still matches them by user URI
        long host1 = TestDatabase.count("SELECT id FROM employees WHERE calendly_user_uri = ?", userUri(1));
        SIM.changeMemberEmail(userUri(1), "renamed1@corp.example");
        JsonNode renamed = ApiClient.json(api.post("/api/v1/employees/sync", ADMIN_TOKEN, null));
        assertEquals(1, renamed.get("updated").asInt(), renamed.toString());
        assertEquals("renamed1@corp.example", TestDatabase.one("SELECT email FROM employees WHERE id = ?", host1).get("email"));
        var envelope = new MeetingSeeder().envelope(1001, 0, "invitee.created", false, null, null, 0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.get("payload").get("scheduled_event").get("event_memberships").get(0))
                .put("user_email", "someone.else@elsewhere.example").put("user", userUri(1));
        JsonNode delivered = ApiClient.json(calendly.deliver(envelope));
        assertEquals(host1, TestDatabase.count("SELECT employee_id FROM meeting_hosts WHERE meeting_id = ? AND position = 0",
                delivered.get("meetingId").asLong()));
        assertEquals("calendly_user", TestDatabase.one("SELECT employee_link FROM meetings WHERE id = ?",
                delivered.get("meetingId").asLong()).get("employee_link"));
    }

    @Test
    void onlyAnAdminSyncsAndCalendlyErrorsSayWhatToFix() {
        String manager = api.createToken(ADMIN_TOKEN, "manager", null);
        assertEquals(403, api.post("/api/v1/employees/sync", manager, null).statusCode());
        SIM.failNext("/organization_memberships", 403, java.util.Map.of());
        HttpResponse<String> refused = api.post("/api/v1/employees/sync", ADMIN_TOKEN, null);
        assertEquals(502, refused.statusCode(), refused.body());
        assertEquals("calendly_refused", ApiClient.json(refused).get("error").asText());
    }
}
