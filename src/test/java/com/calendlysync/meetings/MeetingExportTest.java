package com.calendlysync.meetings;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/meetings/export: every matching meeting, with the list's filters and role scoping. */
class MeetingExportTest extends AppTestSupport {

    private String employee3;

    @BeforeEach
    void seed() {
        if (employee3 != null) {
            return;
        }
        MeetingSeeder.people();
        new MeetingSeeder().seed(600);
        // a value a spreadsheet would run as a formula
        TestDatabase.execute("INSERT INTO meetings (title, source) VALUES ('=HYPERLINK(\"http://evil\")', 'manual')");
        employee3 = api.createToken(ADMIN_TOKEN, "employee", 3L);
    }

    @Test
    void csvHasEveryMeetingWithAHeader() throws Exception {
        HttpResponse<byte[]> response = api.getBytes("/api/v1/meetings/export?format=csv", ADMIN_TOKEN);

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").matches("attachment; filename=\"meetings-\\d{8}-\\d{6}\\.csv\""));
        List<CSVRecord> rows = csv(response.body());
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings"), rows.size());
        CSVRecord first = rows.get(0);
        assertTrue(first.get("invitee_email").contains("@"), first.toString());
        assertTrue(first.get("cancel_url").startsWith("https://calendly.com/cancellations/"));
        assertTrue(rows.stream().anyMatch(r -> r.get("title").equals("'=HYPERLINK(\"http://evil\")")), "formula not defused");
    }

    @Test
    void filtersAndEmployeeScopeApply() throws Exception {
        List<CSVRecord> canceled = csv(api.getBytes("/api/v1/meetings/export?status=canceled&from=2026-02-01", ADMIN_TOKEN).body());
        assertEquals(TestDatabase.count("SELECT count(*) FROM meetings WHERE status = 'canceled' AND start_time >= '2026-02-01Z'"),
                canceled.size());
        canceled.forEach(r -> assertEquals("canceled", r.get("status")));

        List<CSVRecord> own = csv(api.getBytes("/api/v1/meetings/export", employee3).body());
        assertEquals(TestDatabase.count("SELECT count(DISTINCT meeting_id) FROM meeting_hosts WHERE employee_id = 3"), own.size());
        own.forEach(r -> assertTrue(r.get("hosts").contains("Employee C"), r.toString()));
    }

    @Test
    void excelHasTheSameRows() throws Exception {
        HttpResponse<byte[]> response = api.getBytes("/api/v1/meetings/export?format=xlsx&status=no-show", ADMIN_TOKEN);

        assertEquals(200, response.statusCode());
        assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                response.headers().firstValue("Content-Type").orElse(""));
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(response.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertEquals("id", rows.get(0).getCellText(0));
            assertEquals(TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE no_show") + 1, rows.size());
            assertEquals("true", rows.get(1).getCellText(3).toLowerCase());
        }
    }

    @Test
    void badParametersAreJson400s() {
        HttpResponse<String> response = api.get("/api/v1/meetings/export?format=csv&limit=5", ADMIN_TOKEN);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("'limit'"), response.body());
    }

    private static List<CSVRecord> csv(byte[] body) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(body, StandardCharsets.UTF_8))).getRecords();
    }
}
