package com.calendlysync.company;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CSV imports of customers and employees: good, bad and mixed files, each rejected row with its
 * line number and reason, both modes, upsert by email, and the meetings the new records match
 * linked at once.
 */
class CsvImportTest extends AppTestSupport {

    private boolean seeded;

    @BeforeEach
    void seed() {
        if (!seeded) {
            seeded = true;
            TestDatabase.wipe();
            new MeetingSeeder().seed(80);
        }
    }

    private HttpResponse<String> upload(String path, String csv) {
        return api.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    private static JsonNode report(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return ApiClient.json(response);
    }

    private static void rejected(JsonNode report, int index, long line, String... words) {
        JsonNode row = report.get("rejectedRows").get(index);
        assertEquals(line, row.get("line").asLong(), row.toString());
        for (String word : words) {
            assertTrue(row.get("reason").asText().contains(word), row + " says " + word);
        }
    }

    @Test
    void aGoodFileCreatesThenUpdatesByEmailAndLinksTheMeetings() {
        // nobody is a customer yet: every meeting is unmatched
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id IS NOT NULL"));
        StringBuilder csv = new StringBuilder("Name,Email,company_domain,CustomerNumber\n");
        for (int c = 1; c <= MeetingSeeder.CUSTOMERS; c++) {
            csv.append("\"Client ").append(c).append(", Inc.\",").append(MeetingSeeder.customerEmail(c).toUpperCase())
                    .append(",client").append(c).append(".example,K-").append(c).append('\n');
        }
        JsonNode first = report(upload("/api/v1/customers/import", csv.toString()), 200);
        assertEquals("per-row", first.get("mode").asText());
        assertEquals(20, first.get("rows").asInt());
        assertEquals(20, first.get("created").asInt());
        assertEquals(0, first.get("updated").asInt());
        assertEquals(0, first.get("rejected").asInt());
        long customerMeetings = TestDatabase.count("SELECT count(*) FROM calendly_meetings c WHERE c.invitee_email LIKE 'customer%'");
        assertTrue(customerMeetings > 0);
        assertEquals(customerMeetings, first.get("relinkedMeetings").asLong());
        assertEquals(customerMeetings, TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id IS NOT NULL AND customer_link = 'email'"));
        assertEquals("Client 1, Inc.", TestDatabase.one("SELECT name FROM customers WHERE email = 'customer1@client.example'").get("name"));

        // the same file again changes nothing; a changed name is an update; an empty cell keeps the value
        JsonNode again = report(upload("/api/v1/customers/import", csv.toString()), 200);
        assertEquals(0, again.get("created").asInt());
        assertEquals(0, again.get("updated").asInt());
        assertEquals(20, again.get("unchanged").asInt());
        JsonNode changed = report(upload("/api/v1/customers/import", "email,name,customer_number\ncustomer2@client.example,Renamed Two,\n"), 200);
        assertEquals(1, changed.get("updated").asInt());
        assertEquals("K-2", TestDatabase.one("SELECT customer_number FROM customers WHERE email = 'customer2@client.example'").get("customer_number"));
    }

    @Test
    void aMixedFileWritesTheGoodRowsAndReportsEachBadOneWithItsLine() {
        String csv = """
                name,email,companyDomain,customerNumber,status
                Good One,good1@mixed.example,mixed.example,M-1,active
                No Email,,,,
                Bad Email,not-an-email,,,
                Bad Domain,bad@mixed.example,not a domain,,
                "Multi
                line name",good2@mixed.example,,M-2,
                Twice,GOOD1@mixed.example,,,
                Same Number,good3@mixed.example,,m-1,
                Bad Status,good4@mixed.example,,,gone

                ,nameless@mixed.example,,,
                Taken Number,good5@mixed.example,,K-TAKEN,
                """;
        TestDatabase.execute("INSERT INTO customers (name, email, customer_number) VALUES ('Holder', 'holder@mixed.example', 'K-TAKEN')");
        long holder = TestDatabase.count("SELECT id FROM customers WHERE email = 'holder@mixed.example'");
        JsonNode report = report(upload("/api/v1/customers/import", csv), 200);
        assertEquals(10, report.get("rows").asInt());
        assertEquals(2, report.get("created").asInt(), report.toString());
        assertEquals(8, report.get("rejected").asInt(), report.toString());
        rejected(report, 0, 3, "'email'", "required");
        rejected(report, 1, 4, "'email'", "not-an-email");
        rejected(report, 2, 5, "'companyDomain'");
        rejected(report, 3, 8, "also on line 2");
        rejected(report, 4, 9, "customerNumber m-1", "also on line 2");
        rejected(report, 5, 10, "'status'");
        rejected(report, 6, 12, "'name'", "new customer");
        rejected(report, 7, 13, "K-TAKEN", "customer " + holder);
        assertEquals("good1@mixed.example", report.get("rejectedRows").get(3).get("email").asText().toLowerCase());
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM customers WHERE email IN ('good1@mixed.example', 'good2@mixed.example')"));
        assertEquals("Multi\nline name", TestDatabase.one("SELECT name FROM customers WHERE email = 'good2@mixed.example'").get("name"));
    }

    @Test
    void allOrNothingWritesNothingWhenOneRowIsBad() {
        String csv = "name,email\nFine,fine@aon.example\nBroken,broken\n";
        JsonNode report = report(upload("/api/v1/customers/import?mode=all-or-nothing", csv), 422);
        assertEquals("rows_rejected", report.get("error").asText());
        assertFalse(report.get("applied").asBoolean());
        assertEquals(0, report.get("created").asInt());
        rejected(report, 0, 3, "'email'");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM customers WHERE email = 'fine@aon.example'"));
        JsonNode good = report(upload("/api/v1/customers/import?mode=all-or-nothing", "name,email\nFine,fine@aon.example\n"), 200);
        assertEquals(1, good.get("created").asInt());
    }

    @Test
    void aFileThatIsNotUsableIsRefusedAsAWhole() {
        JsonNode unknown = report(upload("/api/v1/customers/import", "name,email,shoe_size\nA,a@x.example,42\n"), 400);
        assertTrue(unknown.get("message").asText().contains("unknown column 'shoe_size'"), unknown.toString());
        JsonNode noEmail = report(upload("/api/v1/customers/import", "name\nA\n"), 400);
        assertTrue(noEmail.get("message").asText().contains("email column"), noEmail.toString());
        JsonNode mode = report(upload("/api/v1/customers/import?mode=some", "name,email\n"), 400);
        assertTrue(mode.get("message").asText().contains("'mode'"), mode.toString());
        HttpResponse<String> json = api.post("/api/v1/customers/import", ADMIN_TOKEN, "{\"name\":\"x\"}");
        assertEquals(415, json.statusCode(), json.body());
        JsonNode empty = report(upload("/api/v1/employees/import", "name,email\n"), 200);
        assertEquals(0, empty.get("rows").asInt());
    }

    @Test
    void employeesImportUpsertsByEmailAndLinksTheMeetingsTheyHost() {
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM meeting_hosts WHERE employee_id IS NOT NULL"));
        StringBuilder csv = new StringBuilder("name,email,calendly_user_uri,timezone\n");
        for (int e = 0; e < MeetingSeeder.EMPLOYEES; e++) {
            csv.append("Host ").append(e).append(',').append(MeetingSeeder.employeeEmail(e)).append(",,Europe/Oslo\n");
        }
        csv.append("Wrong,wrong@corp.example,not-a-uri,\n");
        JsonNode report = report(upload("/api/v1/employees/import", csv.toString()), 200);
        assertEquals(5, report.get("created").asInt(), report.toString());
        rejected(report, 0, 7, "'calendlyUserUri'");
        long hosted = TestDatabase.count("SELECT count(*) FROM meeting_hosts");
        assertEquals(hosted, TestDatabase.count("SELECT count(*) FROM meeting_hosts WHERE employee_id IS NOT NULL"));
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings WHERE source = 'calendly'"),
                TestDatabase.count("SELECT count(*) FROM meetings WHERE employee_id IS NOT NULL AND employee_link = 'email'"));
        assertTrue(report.get("relinkedMeetings").asLong() > 0);
        JsonNode status = report(upload("/api/v1/employees/import", "email,status\nhost4@corp.example,inactive\n"), 200);
        assertEquals(1, status.get("updated").asInt());
        assertEquals(false, TestDatabase.one("SELECT active FROM employees WHERE email = 'host4@corp.example'").get("active"));
    }
}
