package com.calendlysync.web;

import java.net.http.HttpResponse;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, defect 6: an employee token sees its own employee's meetings and what they need to
 * be understood, nothing of a colleague's and no customer it has no meeting with.
 *
 * Employee 2 hosts booking 1, which was rescheduled to a booking colleague 3 hosts; colleague 5
 * hosts booking 4 with customer 2; employee 2 hosts booking 16 with customer 5. A customer or a
 * colleague the employee shares no meeting with reads exactly like one that does not exist.
 */
class EmployeeScopeTest extends AppTestSupport {

    private static final String COLLEAGUE_START = "2026-01-02T12:00:00Z";

    private final MeetingSeeder seeder = new MeetingSeeder();
    private String employee2;
    private long own;
    private long colleagues;

    @BeforeEach
    void seed() {
        if (employee2 != null) {
            return;
        }
        MeetingSeeder.people();
        deliver(seeder.envelope(1, 0, "invitee.created", false, null, null, 0));
        deliver(seeder.envelope(1, 0, "invitee.canceled", false, MeetingSeeder.inviteeUri(1, 1), null, 1));
        ObjectNode rescheduled = seeder.envelope(1, 1, "invitee.created", false, null, MeetingSeeder.inviteeUri(1, 0), 2);
        ArrayNode hosts = ((ObjectNode) rescheduled.at("/payload/scheduled_event")).putArray("event_memberships");
        hosts.addObject().put("user", "https://api.calendly.com/users/00000002-0000-4000-8000-000000000000")
                .put("user_email", MeetingSeeder.employeeEmail(2)).put("user_name", "Employee C");
        deliver(rescheduled);
        deliver(seeder.envelope(4, 0, "invitee.created", false, null, null, 0));
        deliver(seeder.envelope(16, 0, "invitee.created", false, null, null, 0));
        own = meetingOf(MeetingSeeder.inviteeUri(1, 0));
        colleagues = meetingOf(MeetingSeeder.inviteeUri(1, 1));
        assertEquals(COLLEAGUE_START, ApiClient.json(api.get("/api/v1/meetings/" + colleagues, ADMIN_TOKEN))
                .at("/meeting/startTime").asText());
        employee2 = api.createToken(ADMIN_TOKEN, "employee", 2L);
    }

    @Test
    void aCustomerWithoutOwnMeetingsLooksLikeOneThatDoesNotExist() {
        HttpResponse<String> colleaguesCustomer = api.get("/api/v1/customers/2/meetings", employee2);
        HttpResponse<String> nobody = api.get("/api/v1/customers/9999/meetings", employee2);

        assertEquals(200, colleaguesCustomer.statusCode(), colleaguesCustomer.body());
        assertEquals(nobody.statusCode(), colleaguesCustomer.statusCode());
        assertEquals(nobody.body(), colleaguesCustomer.body());
        JsonNode page = ApiClient.json(colleaguesCustomer);
        assertTrue(page.get("customer").isNull(), page.toString());
        assertEquals(0, page.get("items").size(), page.toString());
        assertFalse(colleaguesCustomer.body().contains("Customer 2"), colleaguesCustomer.body());
        assertFalse(colleaguesCustomer.body().contains(MeetingSeeder.customerEmail(2)), colleaguesCustomer.body());

        // the customer of one of its own meetings it does see; an admin sees every customer and a 404 for none
        assertEquals(MeetingSeeder.customerEmail(5),
                ApiClient.json(api.get("/api/v1/customers/5/meetings", employee2)).at("/customer/email").asText());
        assertEquals(MeetingSeeder.customerEmail(2),
                ApiClient.json(api.get("/api/v1/customers/2/meetings", ADMIN_TOKEN)).at("/customer/email").asText());
        assertEquals(404, api.get("/api/v1/customers/9999/meetings", ADMIN_TOKEN).statusCode());
    }

    @Test
    void aRescheduleToAColleaguesBookingShowsOnlyThatThereIsOne() {
        HttpResponse<String> response = api.get("/api/v1/meetings/" + own, employee2);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode chain = ApiClient.json(response).get("rescheduleChain");
        assertEquals(2, chain.size(), chain.toString());
        assertEquals(own, chain.get(0).get("meetingId").asLong());
        assertFalse(chain.get(0).get("hostedByColleague").asBoolean());
        JsonNode hidden = chain.get(1);
        assertTrue(hidden.get("hostedByColleague").asBoolean(), hidden.toString());
        assertTrue(hidden.get("meetingId").isNull(), hidden.toString());
        assertTrue(hidden.get("status").isNull(), hidden.toString());
        assertFalse(hidden.has("startTime") || hidden.has("canceledAt") || hidden.has("eventName"), hidden.toString());
        assertFalse(response.body().contains("\"meetingId\":" + colleagues), response.body());
        assertFalse(response.body().contains(COLLEAGUE_START), response.body());
        assertFalse(response.body().contains("2026-01-02T12:00:00"), response.body());

        JsonNode reschedule = ApiClient.json(api.get("/api/v1/calendly/" + own + "/calendly-details", employee2)).get("reschedule");
        assertTrue(reschedule.get("nextMeetingId").isNull(), reschedule.toString());
        assertTrue(reschedule.get("nextHostedByColleague").asBoolean(), reschedule.toString());
        assertTrue(ApiClient.json(response).at("/calendly/reschedule/nextMeetingId").isNull());

        // an admin sees the whole chain; the employee still cannot open the colleague's booking
        JsonNode full = ApiClient.json(api.get("/api/v1/meetings/" + own, ADMIN_TOKEN));
        assertEquals(colleagues, full.at("/rescheduleChain/1/meetingId").asLong());
        assertEquals(colleagues, full.at("/calendly/reschedule/nextMeetingId").asLong());
        assertFalse(full.at("/calendly/reschedule/nextHostedByColleague").asBoolean());
        assertEquals(403, api.get("/api/v1/meetings/" + colleagues, employee2).statusCode());
    }

    @Test
    void aColleaguesMeetingListNeverShowsTheColleaguesRecord() {
        HttpResponse<String> colleague = api.get("/api/v1/employees/3/meetings", employee2);
        HttpResponse<String> nobody = api.get("/api/v1/employees/9999/meetings", employee2);

        assertEquals(200, colleague.statusCode(), colleague.body());
        assertEquals(nobody.body(), colleague.body());
        JsonNode page = ApiClient.json(colleague);
        assertTrue(page.get("employee").isNull(), page.toString());
        // only meetings the two host together, and employee 2 hosts none with employee 3
        assertEquals(0, page.get("items").size(), page.toString());
        assertFalse(colleague.body().contains(MeetingSeeder.employeeEmail(2)), colleague.body());
        assertFalse(colleague.body().contains("Employee C"), colleague.body());

        JsonNode mine = ApiClient.json(api.get("/api/v1/employees/2/meetings", employee2));
        assertEquals(MeetingSeeder.employeeEmail(1), mine.at("/employee/email").asText());
        assertEquals(2, mine.get("items").size(), mine.toString());
        assertEquals(MeetingSeeder.employeeEmail(2),
                ApiClient.json(api.get("/api/v1/employees/3/meetings", ADMIN_TOKEN)).at("/employee/email").asText());
    }

    private void deliver(ObjectNode envelope) {
        HttpResponse<String> response = calendly.deliver(envelope);
        assertEquals(200, response.statusCode(), response.body());
    }

    private static long meetingOf(String inviteeUri) {
        return ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE invitee_uri = ?", inviteeUri)
                .get("meeting_id")).longValue();
    }
}
