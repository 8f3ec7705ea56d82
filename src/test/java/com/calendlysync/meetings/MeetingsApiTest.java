package com.calendlysync.meetings;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/meetings and the customer/employee lists on a few thousand meetings made by the real mapper. */
class MeetingsApiTest extends AppTestSupport {

    private static final int BOOKINGS = 3000;
    private int meetings;
    private String employee2;

    /** Once per class, after the app (and so the schema) is up. */
    @BeforeEach
    void seed() {
        if (employee2 != null) {
            return;
        }
        MeetingSeeder.people();
        meetings = new MeetingSeeder().seed(BOOKINGS);
        // one meeting entered by hand in the company's own table: no Calendly data
        TestDatabase.execute("INSERT INTO meetings (title, start_time, status, source, customer_id) "
                + "VALUES ('Walk-in consultation', '2026-02-01T10:00:00Z', 'active', 'manual', 3)");
        meetings++;
        employee2 = api.createToken(ADMIN_TOKEN, "employee", 2L);
    }

    @Test
    void seededMeetingsAreAllThere() {
        assertEquals(meetings, TestDatabase.count("SELECT count(*) FROM meetings"));
        assertTrue(meetings > BOOKINGS, "reschedule chains add meetings");
    }

    @Test
    void pagingWalksEveryMeetingOnceNewestFirst() {
        List<JsonNode> all = walk("/api/v1/meetings?limit=200", ADMIN_TOKEN);

        assertEquals(meetings, all.size());
        Set<Long> ids = new HashSet<>();
        Instant previous = null;
        for (JsonNode m : all) {
            assertTrue(ids.add(m.get("id").asLong()), "meeting " + m.get("id") + " came twice");
            Instant start = Instant.parse(m.get("startTime").asText());
            if (previous != null) {
                assertFalse(start.isAfter(previous), "not newest first at meeting " + m.get("id"));
            }
            previous = start;
        }
    }

    @Test
    void ascendingAndCreatedOrdersPageToo() {
        List<JsonNode> ascending = walk("/api/v1/meetings?limit=150&sort=startTime", ADMIN_TOKEN);
        assertEquals(meetings, ascending.size());
        assertEquals(MeetingSeeder.FIRST_START.toString(), ascending.get(0).get("startTime").asText());
        List<JsonNode> created = walk("/api/v1/meetings?limit=200&sort=-createdAt", ADMIN_TOKEN);
        assertEquals(meetings, new HashSet<>(created.stream().map(m -> m.get("id").asLong()).toList()).size());
    }

    @Test
    void firstPageHasTheLimitAndACursor() {
        JsonNode page = ApiClient.json(api.get("/api/v1/meetings?limit=25", ADMIN_TOKEN));
        assertEquals(25, page.get("items").size());
        assertEquals(25, page.get("limit").asInt());
        assertNotNull(page.get("nextCursor").textValue());
        JsonNode first = page.get("items").get(0);
        assertTrue(first.get("calendly").asBoolean());
        assertTrue(first.at("/links/reschedule").asText().startsWith("https://calendly.com/reschedulings/"));
        assertTrue(first.at("/links/cancel").asText().startsWith("https://calendly.com/cancellations/"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "status=canceled|SELECT count(*) FROM meetings WHERE status = 'canceled'",
        "status=rescheduled|SELECT count(*) FROM meetings WHERE status = 'rescheduled'",
        "status=no-show|SELECT count(*) FROM calendly_meetings WHERE no_show",
        "status=active,no-show|SELECT count(*) FROM meetings m LEFT JOIN calendly_meetings c ON c.meeting_id = m.id WHERE m.status = 'active' OR c.no_show",
        "from=2026-03-01&to=2026-04-01|SELECT count(*) FROM meetings WHERE start_time >= '2026-03-01Z' AND start_time < '2026-04-01Z'",
        "from=2026-06-15T12:00:00Z|SELECT count(*) FROM meetings WHERE start_time >= '2026-06-15T12:00:00Z'",
        "customerId=3|SELECT count(*) FROM meetings WHERE customer_id = 3",
        "employeeId=4|SELECT count(DISTINCT meeting_id) FROM meeting_hosts WHERE employee_id = 4",
        "eventType=Onboarding%20Session|SELECT count(*) FROM calendly_meetings WHERE event_name = 'Onboarding Session'",
        "eventType=https%3A%2F%2Fapi.calendly.com%2Fevent_types%2F00000002-0000-4000-8000-000000000000|SELECT count(*) FROM calendly_meetings WHERE event_type_uri LIKE '%/00000002-0000-4000-8000-000000000000'",
        "eventType=Onboarding%20Session&from=2026-03-01&to=2026-06-01|SELECT count(*) FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id WHERE c.event_name = 'Onboarding Session' AND m.start_time >= '2026-03-01Z' AND m.start_time < '2026-06-01Z'",
        "eventType=onboarding%20session&sort=startTime|SELECT count(*) FROM calendly_meetings WHERE event_name = 'Onboarding Session'",
        "status=no-show&sort=startTime&from=2026-02-01|SELECT count(*) FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id WHERE c.no_show AND m.start_time >= '2026-02-01Z'",
        "q=okafor|SELECT count(*) FROM calendly_meetings WHERE invitee_name ILIKE '%okafor%' OR invitee_email ILIKE '%okafor%'",
        "q=CUSTOMER7%40|SELECT count(*) FROM calendly_meetings WHERE invitee_email ILIKE 'customer7@%'",
        "source=manual|SELECT count(*) FROM meetings WHERE source = 'manual'",
        "source=calendly&status=canceled&employeeId=2|SELECT count(*) FROM meetings m WHERE source = 'calendly' AND status = 'canceled' AND EXISTS (SELECT 1 FROM meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = 2)",
        "customerId=5&from=2026-02-01&status=active|SELECT count(*) FROM meetings WHERE customer_id = 5 AND start_time >= '2026-02-01Z' AND status = 'active'",
    })
    void filtersGiveExactlyTheMatchingMeetings(String query, String expectedCount) {
        long expected = TestDatabase.count(expectedCount);
        assertTrue(expected > 0, "the seed must give this filter something to find: " + query);

        List<JsonNode> found = walk("/api/v1/meetings?limit=200&" + query, ADMIN_TOKEN);

        assertEquals(expected, found.size(), query);
    }

    @Test
    void filteredItemsShowWhatWasAskedFor() {
        for (JsonNode m : walk("/api/v1/meetings?limit=200&status=no-show", ADMIN_TOKEN)) {
            assertTrue(m.get("noShow").asBoolean());
        }
        for (JsonNode m : walk("/api/v1/meetings?limit=200&q=Lindqvist", ADMIN_TOKEN)) {
            assertTrue(m.at("/invitee/name").asText().contains("Lindqvist"), m.toString());
        }
        JsonNode manual = walk("/api/v1/meetings?source=manual", ADMIN_TOKEN).get(0);
        assertFalse(manual.get("calendly").asBoolean());
        assertEquals("Walk-in consultation", manual.get("title").asText());
        assertTrue(manual.get("invitee").isNull());
    }

    @Test
    void anEmployeeSeesOnlyTheMeetingsTheyHostWhateverTheFilterSays() {
        long hosted = TestDatabase.count("SELECT count(DISTINCT meeting_id) FROM meeting_hosts WHERE employee_id = 2");

        List<JsonNode> own = walk("/api/v1/meetings?limit=200", employee2);
        assertEquals(hosted, own.size());
        for (JsonNode m : own) {
            boolean hosts = false;
            for (JsonNode h : m.get("hosts")) {
                hosts |= h.path("employee_id").asLong() == 2;
            }
            assertTrue(hosts, "employee 2 was shown meeting " + m.get("id") + " hosted by " + m.get("hosts"));
        }
        // asking for a colleague's meetings gives only those they host together
        long together = TestDatabase.count("SELECT count(*) FROM meetings m WHERE EXISTS (SELECT 1 FROM meeting_hosts h "
                + "WHERE h.meeting_id = m.id AND h.employee_id = 2) AND EXISTS (SELECT 1 FROM meeting_hosts h "
                + "WHERE h.meeting_id = m.id AND h.employee_id = 1)");
        assertEquals(together, walk("/api/v1/meetings?limit=200&employeeId=1", employee2).size());
        assertEquals(together, walk("/api/v1/employees/1/meetings?limit=200", employee2).size());
        // and a customer's history only as far as they hosted it
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings m WHERE customer_id = 3 AND EXISTS (SELECT 1 FROM "
                + "meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = 2)"),
                walk("/api/v1/customers/3/meetings?limit=200", employee2).size());
    }

    @Test
    void aCustomersHistory() {
        HttpResponse<String> response = api.get("/api/v1/customers/3/meetings?limit=200", ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode page = ApiClient.json(response);
        assertEquals("Customer 3", page.at("/customer/name").asText());
        assertEquals(MeetingSeeder.customerEmail(3), page.at("/customer/email").asText());
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = 3"),
                walk("/api/v1/customers/3/meetings?limit=200", ADMIN_TOKEN).size());
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = 3 AND status = 'canceled'"),
                walk("/api/v1/customers/3/meetings?status=canceled", ADMIN_TOKEN).size());
    }

    @Test
    void anEmployeesMeetings() {
        JsonNode page = ApiClient.json(api.get("/api/v1/employees/4/meetings", ADMIN_TOKEN));
        assertEquals(MeetingSeeder.employeeEmail(3), page.at("/employee/email").asText());
        assertEquals(TestDatabase.count("SELECT count(DISTINCT meeting_id) FROM meeting_hosts WHERE employee_id = 4"),
                walk("/api/v1/employees/4/meetings?limit=200", ADMIN_TOKEN).size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/meetings?limit=0|limit",
        "/api/v1/meetings?limit=201|limit",
        "/api/v1/meetings?limit=ten|limit",
        "/api/v1/meetings?status=lost|status",
        "/api/v1/meetings?from=yesterday|from",
        "/api/v1/meetings?from=2026-05-01&to=2026-04-01|to",
        "/api/v1/meetings?customerId=-4|customerId",
        "/api/v1/meetings?employeeId=x|employeeId",
        "/api/v1/meetings?sort=name|sort",
        "/api/v1/meetings?cursor=not-a-cursor|cursor",
        "/api/v1/meetings?source=Robert'); DROP TABLE meetings;--|source",
        "/api/v1/meetings?colour=red|colour",
        "/api/v1/meetings?limit=5&limit=6|limit",
        "/api/v1/customers/abc/meetings|customerId",
        "/api/v1/employees/0/meetings|employeeId",
        "/api/v1/meetings/export?format=pdf|format",
    })
    void badParametersAre400sThatNameTheParameter(String path, String parameter) {
        HttpResponse<String> response = api.get(path.replace(" ", "%20").replace("'", "%27").replace(";", "%3B"), ADMIN_TOKEN);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = ApiClient.json(response);
        assertEquals("bad_request", error.get("error").asText());
        assertTrue(error.get("message").asText().contains("'" + parameter + "'"), error.toString());
    }

    @Test
    void aCursorOnlyWorksWithItsOwnSort() {
        String cursor = ApiClient.json(api.get("/api/v1/meetings?limit=5", ADMIN_TOKEN)).get("nextCursor").asText();
        HttpResponse<String> response = api.get("/api/v1/meetings?sort=startTime&cursor=" + cursor, ADMIN_TOKEN);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("'cursor'"), response.body());
    }

    @Test
    void unknownCustomerOrEmployeeIs404() {
        assertEquals(404, api.get("/api/v1/customers/9999/meetings", ADMIN_TOKEN).statusCode());
        assertEquals(404, api.get("/api/v1/employees/9999/meetings", ADMIN_TOKEN).statusCode());
    }

    /** Every item of a list, following nextCursor to the end. */
    private List<JsonNode> walk(String path, String token) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = cursor == null ? path : path + (path.contains("?") ? "&" : "?") + "cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            HttpResponse<String> response = api.get(url, token);
            assertEquals(200, response.statusCode(), url + " -> " + response.body());
            JsonNode page = ApiClient.json(response);
            page.get("items").forEach(items::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            assertTrue(++pages < 1000, "paging does not end");
        } while (cursor != null);
        return items;
    }
}
