package com.calendlysync.reports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every number of every report on the known meetings of {@link ReportFixture}, counted by hand,
 * in JSON, CSV and Excel, for each role, with the filters, time zones and bad parameters.
 */
class ReportsApiTest extends AppTestSupport {

    private static final String MARCH = "from=2026-03-01&to=2026-04-01&tz=Europe/Berlin";
    private ReportFixture fixture;
    private String manager;
    private String auditor;
    private String alice;

    @BeforeEach
    void seed() {
        if (fixture != null) {
            return;
        }
        fixture = ReportFixture.seed(calendly);
        manager = api.createToken(ADMIN_TOKEN, "manager", null);
        auditor = api.createToken(ADMIN_TOKEN, "auditor", null);
        alice = api.createToken(ADMIN_TOKEN, "employee", 1L);
    }

    @Test
    void summaryCountsTheMonthAndComparesItWithTheMonthBefore() {
        JsonNode s = report("summary?" + MARCH, manager);
        JsonNode now = s.get("current");
        assertEquals(9, now.get("booked").asLong());
        assertEquals(5, now.get("completed").asLong());
        assertEquals(0, now.get("upcoming").asLong());
        assertEquals(1, now.get("noShows").asLong(), "M3 was marked no-show but then canceled by the host");
        assertEquals(2, now.get("canceled").asLong());
        assertEquals(1, now.get("canceledByHost").asLong());
        assertEquals(1, now.get("canceledByInvitee").asLong());
        assertEquals(1, now.get("rescheduled").asLong());
        assertNumber("0.2222", now.get("cancellationRate"));
        assertNumber("0.1111", now.get("rescheduleRate"));
        assertNumber("0.1667", now.get("noShowRate"));
        // 62.5, 83.5, 96, 204.5, 216, 240, 359, 359, 468.5 hours
        assertNumber("216.00", now.get("leadTimeHoursMedian"));
        assertNumber("4.50", now.get("hoursBooked"));

        JsonNode before = s.get("previous");
        assertEquals(2, before.get("booked").asLong());
        assertEquals(1, before.get("completed").asLong());
        assertEquals(1, before.get("canceledByInvitee").asLong());
        assertNumber("0.5000", before.get("cancellationRate"));
        assertNumber("0.0000", before.get("noShowRate"));
        assertNumber("192.00", before.get("leadTimeHoursMedian"));
        // 1 March 00:00 CET back by the range's 30 days 23 hours (summer time starts in it)
        assertEquals("2026-01-29T01:00:00+01:00", s.get("previousRange").get("from").asText());
        assertEquals("2026-03-01T00:00:00+01:00", s.get("parameters").get("from").asText());
        assertEquals("2026-04-01T00:00:00+02:00", s.get("parameters").get("to").asText());
        assertEquals("Europe/Berlin", s.get("parameters").get("tz").asText());

        JsonNode booked = metric(s, "booked");
        assertEquals(9, booked.get("current").asLong());
        assertEquals(2, booked.get("previous").asLong());
        assertEquals(7, booked.get("change").asLong());
        assertNumber("350.0", booked.get("changePercent"));
        assertNumber("-0.2778", metric(s, "cancellationRate").get("change"));
    }

    @Test
    void volumePerDayFollowsTheTimeZoneAcrossTheSummerTimeChange() {
        JsonNode v = report("volume?interval=day&" + MARCH, auditor);
        JsonNode buckets = v.get("buckets");
        assertEquals(31, buckets.size(), "every day of March, empty ones too");
        assertEquals("2026-03-01T00:00:00+01:00", buckets.get(0).get("start").asText());
        Map<String, JsonNode> day = byStart(buckets);
        assertCounts(day.get("2026-03-02T00:00:00+01:00"), 1, 1, 0, 0, 0, 0);
        assertCounts(day.get("2026-03-28T00:00:00+01:00"), 1, 1, 0, 0, 0, 0);
        // Sunday 29 March has 23 hours: M2 at 00:30 CET and M4 at 23:30 CEST
        assertCounts(day.get("2026-03-29T00:00:00+01:00"), 2, 0, 0, 1, 1, 0);
        assertCounts(day.get("2026-03-30T00:00:00+02:00"), 2, 0, 0, 0, 1, 1);
        assertCounts(day.get("2026-03-31T00:00:00+02:00"), 1, 1, 0, 0, 0, 0);
        assertCounts(day.get("2026-03-15T00:00:00+01:00"), 0, 0, 0, 0, 0, 0);
        assertEquals(9, sum(buckets, "booked"));

        // the same meetings in UTC days: M1 and M2 on the 28th, M3 and M4 on the 29th
        Map<String, JsonNode> utc = byStart(report("volume?interval=day&from=2026-03-01&to=2026-04-01", manager).get("buckets"));
        assertEquals(2, utc.get("2026-03-28T00:00:00Z").get("booked").asLong());
        assertEquals(2, utc.get("2026-03-29T00:00:00Z").get("booked").asLong());
        assertEquals(1, utc.get("2026-03-30T00:00:00Z").get("booked").asLong());

        JsonNode weeks = report("volume?interval=week&" + MARCH, manager).get("buckets");
        assertEquals(List.of("2026-02-23T00:00:00+01:00", "2026-03-02T00:00:00+01:00", "2026-03-09T00:00:00+01:00",
                "2026-03-16T00:00:00+01:00", "2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00"), starts(weeks));
        assertEquals(List.of(0L, 2L, 1L, 0L, 3L, 3L), counts(weeks, "booked"));
        JsonNode months = report("volume?interval=month&" + MARCH, manager).get("buckets");
        assertEquals(1, months.size());
        assertCounts(months.get(0), 9, 5, 0, 1, 2, 1);
    }

    @Test
    void volumeSeriesPerEmployeeEventTypeAndStatus() {
        JsonNode employees = report("volume?interval=month&by=employee&" + MARCH, manager).get("series");
        Map<String, Long> perEmployee = new HashMap<>();
        employees.forEach(s -> perEmployee.put(s.get("label").asText(), s.get("buckets").get(0).get("booked").asLong()));
        // M4 has two hosts and counts for both
        assertEquals(Map.of("Alice Host", 4L, "Bob Host", 4L, "Carol Host", 2L), perEmployee);

        JsonNode types = report("volume?interval=month&by=eventType&" + MARCH, manager).get("series");
        Map<String, Long> perType = new HashMap<>();
        types.forEach(s -> perType.put(s.get("label").asText(), s.get("buckets").get(0).get("booked").asLong()));
        assertEquals(Map.of("Discovery Call", 5L, "Onboarding Session", 3L, "No event type", 1L), perType);
        assertEquals(Booking.DISCOVERY, types.get(0).get("uri").asText());

        JsonNode statuses = report("volume?interval=month&by=status&" + MARCH, manager).get("series");
        Map<String, Long> perStatus = new HashMap<>();
        statuses.forEach(s -> perStatus.put(s.get("key").asText(), s.get("buckets").get(0).get("booked").asLong()));
        assertEquals(Map.of("completed", 5L, "no-show", 1L, "canceled", 2L, "rescheduled", 1L), perStatus);
    }

    @Test
    void engagementPerCustomerWithRepeatCustomers() {
        JsonNode e = report("engagement?" + MARCH, manager);
        JsonNode totals = e.get("totals");
        assertEquals(3, totals.get("customers").asLong());
        assertEquals(3, totals.get("customersMet").asLong());
        assertEquals(1, totals.get("repeatCustomers").asLong());
        assertNumber("0.3333", totals.get("repeatRate"));
        assertEquals(6, totals.get("meetings").asLong());
        JsonNode customers = e.get("customers");
        assertEquals(List.of(1L, 2L, 3L), counts(customers, "customerId"));
        JsonNode c1 = customers.get(0);
        assertEquals("Customer 1", c1.get("name").asText());
        assertEquals(2, c1.get("meetings").asLong());
        assertEquals(2, c1.get("completed").asLong());
        assertEquals("2026-03-02T15:00:00+01:00", c1.get("firstMeeting").asText());
        assertEquals("2026-03-28T23:30:00+01:00", c1.get("lastMeeting").asText());
        assertTrue(c1.get("nextMeeting").isNull());
        JsonNode c2 = customers.get(1);
        assertEquals(List.of(2L, 1L, 0L, 0L, 0L, 1L), List.of(c2.get("meetings").asLong(), c2.get("completed").asLong(),
                c2.get("upcoming").asLong(), c2.get("noShows").asLong(), c2.get("canceled").asLong(), c2.get("rescheduled").asLong()));
        assertEquals("2026-03-31T11:00:00+02:00", c2.get("firstMeeting").asText());
        JsonNode c3 = customers.get(2);
        assertEquals(1, c3.get("canceled").asLong());
        assertEquals(1, c3.get("completed").asLong());
        assertEquals("2026-03-10T11:00:00+01:00", c3.get("firstMeeting").asText(), "the manual meeting; M3 was canceled");

        // the next meeting: customer 1's upcoming booking
        JsonNode ahead = report("engagement?from=" + LocalDate.now(ZoneOffset.UTC) + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(10), manager);
        assertEquals(fixture.f1.start, Instant.parse(ahead.get("customers").get(0).get("nextMeeting").asText()));
        assertEquals(1, report("engagement?limit=1&" + MARCH, manager).get("customers").size());
    }

    @Test
    void utilizationPerEmployeeAgainstWeeklyCapacity() {
        JsonNode u = report("utilization?" + MARCH, manager);
        // 30 days 23 hours = 4.4226 weeks of 40 hours
        assertNumber("4.4226", u.get("capacity").get("weeks"));
        assertNumber("176.90", u.get("capacity").get("hours"));
        JsonNode rows = u.get("employees");
        assertEquals(List.of("Carol Host", "Bob Host", "Alice Host", "Dana Idle"), texts(rows, "name"));
        assertEmployee(rows.get(0), 2, "2.00", "0.0113");
        assertEmployee(rows.get(1), 4, "1.50", "0.0085");
        assertEmployee(rows.get(2), 4, "1.00", "0.0057");
        assertEmployee(rows.get(3), 0, "0.00", "0.0000");
        assertEquals(2, rows.get(2).get("canceled").asLong());
        assertEquals(1, rows.get(1).get("noShows").asLong());
        assertEquals(1, rows.get(1).get("rescheduled").asLong());
    }

    @Test
    void conversionOfProspectsWithinDaysOfBooking() {
        JsonNode c = report("conversion?" + MARCH, manager);
        // prospect1 (M2), prospect2 (M4), prospect3 (M8); only prospect3 became a customer within 90 days
        assertEquals(3, c.get("prospects").asLong());
        assertEquals(1, c.get("converted").asLong());
        assertNumber("0.3333", c.get("rate"));
        assertEquals(90, c.get("days").asInt());
        assertEquals(1, c.get("buckets").size());
        assertEquals("2026-03-01T00:00:00+01:00", c.get("buckets").get(0).get("start").asText());
        assertEquals(3, c.get("buckets").get(0).get("prospects").asLong());
        // prospect1 became one 160 days after booking
        assertEquals(2, report("conversion?days=180&" + MARCH, manager).get("converted").asLong());
        JsonNode weekly = report("conversion?interval=week&" + MARCH, manager).get("buckets");
        assertEquals(List.of(0L, 1L, 0L, 0L, 2L, 0L), counts(weekly, "prospects"));
        assertEquals(List.of(0L, 1L, 0L, 0L, 0L, 0L), counts(weekly, "converted"));
    }

    @Test
    void popularTimesByWeekdayAndHourInTheTimeZone() {
        JsonNode p = report("popular-times?" + MARCH, manager);
        assertEquals(168, p.get("cells").size());
        Map<String, Long> cells = new HashMap<>();
        p.get("cells").forEach(c -> {
            if (c.get("booked").asLong() > 0) {
                cells.put(c.get("weekday").asInt() + "@" + c.get("hour").asInt(), c.get("booked").asLong());
            }
        });
        assertEquals(Map.of("6@23", 1L, "7@0", 1L, "1@0", 1L, "7@23", 1L, "1@11", 1L, "2@11", 2L, "1@15", 1L, "4@11", 1L), cells);
        assertEquals(3, p.get("byWeekday").get(0).get("booked").asLong(), "Mondays");
        JsonNode utc = report("popular-times?from=2026-03-01&to=2026-04-01", manager);
        long saturday22 = 0;
        for (JsonNode c : utc.get("cells")) {
            if (c.get("weekday").asInt() == 6 && c.get("hour").asInt() == 22) {
                saturday22 = c.get("booked").asLong();
            }
        }
        assertEquals(1, saturday22, "M1 at 22:30 UTC on Saturday");
    }

    @Test
    void filtersNarrowEveryReport() {
        assertEquals(3, booked("eventType=Onboarding%20Session&" + MARCH, manager));
        assertEquals(5, booked("eventType=" + Booking.DISCOVERY + "&" + MARCH, manager));
        assertEquals(2, booked("customerId=1&" + MARCH, manager));
        assertEquals(1, booked("projectId=1&" + MARCH, manager));
        assertEquals(1, booked("source=manual&" + MARCH, manager));
        assertEquals(8, booked("source=calendly&" + MARCH, manager));
        assertEquals(4, booked("employeeId=2&" + MARCH, manager));
        assertEquals(2, booked("employeeId=3&" + MARCH, manager));
        // by booking time: every booking made in March, whenever it takes place (M7 was booked in February)
        JsonNode byBooking = report("summary?dateBy=booked&" + MARCH, manager);
        assertEquals(8, byBooking.get("current").get("booked").asLong());
        assertEquals("booked", byBooking.get("parameters").get("dateBy").asText());
        JsonNode utilization = report("utilization?employeeId=2&" + MARCH, manager).get("employees");
        assertEquals(1, utilization.size());
        assertEquals("Bob Host", utilization.get(0).get("name").asText());
    }

    @Test
    void upcomingMeetingsCountFromNow() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode s = report("summary?from=" + today + "&to=" + today.plusDays(10), manager).get("current");
        assertEquals(2, s.get("booked").asLong());
        assertEquals(1, s.get("upcoming").asLong());
        assertEquals(1, s.get("canceled").asLong());
        assertEquals(0, s.get("completed").asLong());
        assertTrue(s.get("noShowRate").isNull(), "nothing has happened yet");
    }

    @Test
    void anEmployeeCountsOnlyTheMeetingsTheyHost() {
        JsonNode s = report("summary?" + MARCH, alice).get("current");
        // Alice hosts M1, M3, M4 (with Bob) and M7
        assertEquals(4, s.get("booked").asLong());
        assertEquals(2, s.get("completed").asLong());
        assertEquals(2, s.get("canceled").asLong());
        // asking for a colleague's meetings gives nothing of theirs
        assertEquals(1, booked("employeeId=2&" + MARCH, alice), "only M4, which Alice co-hosts");
        JsonNode u = report("utilization?" + MARCH, alice).get("employees");
        assertEquals(1, u.size());
        assertEquals("Alice Host", u.get(0).get("name").asText());
        JsonNode aliceEngagement = report("engagement?" + MARCH, alice);
        assertEquals(2, aliceEngagement.get("totals").get("customers").asLong(), "customer 3 (M3) and 1 (M1, M7)");
        // each listed customer's figures are of Alice's meetings only: customer 3's manual meeting is not hers
        JsonNode aliceC3 = null;
        for (JsonNode c : aliceEngagement.get("customers")) {
            if (c.get("customerId").asLong() == 3) {
                aliceC3 = c;
            }
        }
        assertNotNull(aliceC3);
        assertEquals(List.of(1L, 0L, 1L), List.of(aliceC3.get("meetings").asLong(), aliceC3.get("completed").asLong(),
                aliceC3.get("canceled").asLong()));
        assertTrue(aliceC3.get("firstMeeting").isNull(), "M3 was canceled and the manual meeting is not Alice's");
        for (String report : List.of("volume", "engagement", "conversion", "popular-times")) {
            assertEquals(200, api.get("/api/v1/reports/" + report + "?" + MARCH, alice).statusCode());
        }
    }

    @Test
    void everyReportAsCsvAndExcelHoldsTheSameNumbers() throws IOException {
        for (String report : List.of("summary", "volume", "engagement", "utilization", "conversion", "popular-times")) {
            String query = "/api/v1/reports/" + report + "?" + MARCH;
            HttpResponse<String> csv = api.get(query + "&format=csv", manager);
            assertEquals(200, csv.statusCode(), csv.body());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("report-" + report + "-20260228-20260331.csv"));
            List<List<String>> csvRows = csv(csv.body());
            HttpResponse<byte[]> xlsx = api.getBytes(query + "&format=xlsx", manager);
            assertEquals(200, xlsx.statusCode());
            Map<String, List<List<String>>> sheets = xlsx(xlsx.body());
            assertEquals(trimmed(csvRows), sheets.values().iterator().next(), report + ": the Excel table equals the CSV");
            Map<String, String> filters = sheets.get("Filters").stream().skip(1)
                    .collect(Collectors.toMap(r -> r.get(0), r -> r.size() > 1 ? r.get(1) : ""));
            assertEquals(report, filters.get("report"));
            assertEquals("Europe/Berlin", filters.get("tz"));
            assertEquals("2026-03-01T00:00:00+01:00", filters.get("from"));
            assertEquals("start", filters.get("dateBy"));
        }
        List<List<String>> summary = csv(api.get("/api/v1/reports/summary?format=csv&" + MARCH, manager).body());
        assertEquals(List.of("metric", "current", "previous", "change", "change_percent"), summary.get(0));
        assertEquals(List.of("booked", "9", "2", "7", "350.0"), summary.get(1));
        assertTrue(summary.contains(List.of("noShowRate", "0.1667", "0.0000", "0.1667", "")), summary.toString());
        List<List<String>> volume = csv(api.get("/api/v1/reports/volume?format=csv&interval=week&" + MARCH, manager).body());
        assertEquals(List.of("start", "booked", "completed", "upcoming", "no_shows", "canceled", "rescheduled"), volume.get(0));
        assertEquals(List.of("2026-03-23T00:00:00+01:00", "3", "1", "0", "1", "1", "0"), volume.get(5));
        List<List<String>> byEmployee = csv(api.get("/api/v1/reports/volume?format=csv&interval=month&by=employee&" + MARCH, manager).body());
        assertEquals(List.of("series_key", "series", "start", "booked", "completed", "upcoming", "no_shows", "canceled", "rescheduled"), byEmployee.get(0));
        assertTrue(byEmployee.contains(List.of("3", "Carol Host", "2026-03-01T00:00:00+01:00", "2", "2", "0", "0", "0", "0")), byEmployee.toString());
        List<List<String>> utilization = csv(api.get("/api/v1/reports/utilization?format=csv&" + MARCH, manager).body());
        assertEquals(List.of("3", "Carol Host", "carol@corp.example", "2", "2", "0", "0", "0", "0", "2.00", "176.90", "0.0113"), utilization.get(1));
        List<List<String>> engagement = csv(api.get("/api/v1/reports/engagement?format=csv&" + MARCH, manager).body());
        assertEquals(List.of("1", "Customer 1", "customer1@client.example", "2", "2", "0", "0", "0", "0",
                "2026-03-02T15:00:00+01:00", "2026-03-28T23:30:00+01:00", ""), engagement.get(1));
        List<List<String>> conversion = csv(api.get("/api/v1/reports/conversion?format=csv&" + MARCH, manager).body());
        assertEquals(List.of(List.of("start", "prospects", "converted", "rate"), List.of("2026-03-01T00:00:00+01:00", "3", "1", "0.3333")), conversion);
        List<List<String>> times = csv(api.get("/api/v1/reports/popular-times?format=csv&" + MARCH, manager).body());
        assertEquals(169, times.size());
        assertEquals(List.of("2", "Tuesday", "11", "2", "2"), times.get(1 + 24 + 11));

        Map<String, List<List<String>>> sheets = xlsx(api.getBytes("/api/v1/reports/summary?format=xlsx&employeeId=2&" + MARCH, manager).body());
        assertEquals(List.of("booked", "4", "0", "4"), sheets.get("Summary").get(1), "no previous bookings: no change in percent");
        assertTrue(sheets.get("Filters").contains(List.of("employeeId", "2")), sheets.get("Filters").toString());
    }

    @Test
    void theSlotCountsAndTheSingleMeetingsGiveTheSameNumbersBeforeAndAfterFolding() {
        // a range a millisecond off the 15-minute grid is counted from single meetings
        String raw = "from=2026-02-28T23:00:00.001Z&to=2026-03-31T22:00:00Z&tz=Europe/Berlin";
        String[] reports = {"summary", "volume?interval=day", "volume?interval=week&by=eventType", "volume?interval=week&by=status",
            "popular-times", "summary?dateBy=booked", "volume?dateBy=booked&interval=week"};
        for (String r : reports) {
            String sep = r.contains("?") ? "&" : "?";
            JsonNode slots = report(r + sep + MARCH, manager);
            JsonNode single = report(r + sep + raw, manager);
            for (String part : List.of("current", "buckets", "series", "cells")) {
                assertEquals(slots.get(part), single.get(part), r + ": " + part);
            }
        }
        // later passes append to the same slots: here a copy of every row and its negation (the sums stay)
        String counts = "booked, held, no_shows, canceled, canceled_by_host, canceled_by_invitee, rescheduled, minutes";
        TestDatabase.execute("INSERT INTO report_slot_counts SELECT basis, slot, source, lead_half_hours, " + counts
                + " FROM report_slot_counts UNION ALL SELECT basis, slot, source, lead_half_hours, "
                + counts.replaceAll("(\\w+)", "-$1") + " FROM report_slot_counts");
        long rows = TestDatabase.count("SELECT count(*) FROM report_slot_counts");
        TestDatabase.query("SELECT report_slot_counts_compact()");
        assertTrue(TestDatabase.count("SELECT count(*) FROM report_slot_counts") < rows, "folded");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM (SELECT 1 FROM report_slot_counts GROUP BY basis, slot, "
                + "source, lead_half_hours HAVING count(*) > 1) AS repeated"));
        for (String r : reports) {
            String sep = r.contains("?") ? "&" : "?";
            JsonNode slots = report(r + sep + MARCH, manager);
            JsonNode single = report(r + sep + raw, manager);
            for (String part : List.of("current", "buckets", "series", "cells")) {
                assertEquals(slots.get(part), single.get(part), r + " after folding: " + part);
            }
        }
    }

    @Test
    void theDayCountsAndTheSingleMeetingsGiveTheSameNumbersBeforeAndAfterFolding() {
        // the day counts answer a series per employee or event type and utilization without a filter; an
        // employee filter (by=employee) or an event type filter (by=none) sends the same question to single meetings
        String[] ranges = {MARCH, "from=2026-03-01&to=2026-04-01&tz=UTC", "from=2026-03-01&to=2026-04-01&tz=Asia/Kolkata",
            "from=2026-02-01&to=2026-04-15&tz=America/New_York&dateBy=booked", "from=2026-02-25T13:15:00Z&to=2026-03-29T23:00:00Z",
            // upcoming meetings (F1, F2) counted from now
            "from=" + LocalDate.now(ZoneOffset.UTC).minusDays(2) + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(12) + "&tz=Europe/Berlin"};
        for (boolean folded : new boolean[] {false, true}) {
            if (folded) {
                // later passes append to the same days: here a copy of every row and its negation (the sums stay)
                String counts = "booked, held, no_shows, canceled, rescheduled, minutes";
                TestDatabase.execute("INSERT INTO report_day_counts SELECT basis, utc_day, dimension, key, source, " + counts
                        + " FROM report_day_counts UNION ALL SELECT basis, utc_day, dimension, key, source, "
                        + counts.replaceAll("(\\w+)", "-$1") + " FROM report_day_counts");
                long rows = TestDatabase.count("SELECT count(*) FROM report_day_counts");
                TestDatabase.query("SELECT report_day_counts_compact()");
                assertTrue(TestDatabase.count("SELECT count(*) FROM report_day_counts") < rows, "folded");
                assertEquals(0, TestDatabase.count("SELECT count(*) FROM (SELECT 1 FROM report_day_counts GROUP BY basis, utc_day, "
                        + "dimension, key, source HAVING count(*) > 1) AS repeated"));
            }
            for (String range : ranges) {
                for (String interval : List.of("day", "week", "month")) {
                    String what = range + " " + interval + (folded ? " after folding" : "");
                    JsonNode perEmployee = report("volume?by=employee&interval=" + interval + "&" + range, manager).get("series");
                    for (long employee = 1; employee <= 3; employee++) {
                        JsonNode single = report("volume?by=employee&employeeId=" + employee + "&interval=" + interval + "&" + range,
                                manager).get("series");
                        assertEquals(series(single, String.valueOf(employee)), series(perEmployee, String.valueOf(employee)),
                                what + ": employee " + employee);
                    }
                    JsonNode perType = report("volume?by=eventType&interval=" + interval + "&" + range, manager).get("series");
                    for (String type : List.of(Booking.DISCOVERY, Booking.ONBOARDING)) {
                        JsonNode single = report("volume?eventType=" + type + "&interval=" + interval + "&" + range, manager).get("buckets");
                        JsonNode days = null;
                        for (JsonNode s : perType) {
                            days = type.equals(s.get("uri").asText()) ? s.get("buckets") : days;
                        }
                        assertEquals(single, days == null ? emptyLike(single) : days, what + ": " + type);
                    }
                }
                JsonNode utilization = report("utilization?" + range, manager).get("employees");
                for (JsonNode row : utilization) {
                    JsonNode buckets = report("volume?interval=month&employeeId=" + row.get("employeeId").asLong() + "&" + range, manager)
                            .get("buckets");
                    for (String field : List.of("booked", "completed", "upcoming", "noShows", "canceled", "rescheduled")) {
                        long sum = 0;
                        for (JsonNode b : buckets) {
                            sum += b.get(field).asLong();
                        }
                        assertEquals(sum, row.get(field.equals("booked") ? "meetings" : field).asLong(), range + ": " + row + " " + field);
                    }
                }
                // conversion without a filter (from the day counts, in clear) is the sum of each event type's
                // (an event type filter sends it to single meetings); every booking has one of the two
                for (String interval : List.of("day", "week", "month")) {
                    for (int days : new int[] {1, 15, 90, 180, 730}) {
                        String query = "conversion?days=" + days + "&interval=" + interval + "&" + range;
                        String what = query + (folded ? " after folding" : "");
                        JsonNode all = report(query, manager);
                        JsonNode discovery = report(query + "&eventType=" + Booking.DISCOVERY, manager);
                        JsonNode onboarding = report(query + "&eventType=" + Booking.ONBOARDING, manager);
                        for (String field : List.of("prospects", "converted")) {
                            assertEquals(discovery.get(field).asLong() + onboarding.get(field).asLong(), all.get(field).asLong(),
                                    what + ": " + field);
                            for (int b = 0; b < all.get("buckets").size(); b++) {
                                assertEquals(discovery.get("buckets").get(b).get(field).asLong()
                                        + onboarding.get("buckets").get(b).get(field).asLong(),
                                        all.get("buckets").get(b).get(field).asLong(), what + ": bucket " + b + " " + field);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aMeetingNotedManyTimesIsCountedOnce() {
        // a webhook only notes the meeting it changed; the notes are worked out before a report reads
        JsonNode before = report("summary?" + MARCH, manager).get("current");
        JsonNode volume = report("volume?by=employee&interval=week&" + MARCH, manager).get("series");
        TestDatabase.execute("INSERT INTO report_pending SELECT meeting_id FROM report_meetings CROSS JOIN generate_series(1, 3)");
        assertEquals(before, report("summary?" + MARCH, manager).get("current"));
        assertEquals(volume, report("volume?by=employee&interval=week&" + MARCH, manager).get("series"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM report_pending"), "every note worked out");
    }

    @Test
    void aCustomerDeactivatedOrGivenAnotherEmailLaterChangesWhoConverted() {
        // prospect3 (M8, booked 1 Mar) became customer 4 on 20 Mar: converted within 90 days
        assertEquals(List.of(3L, 1L), conversion());
        try {
            TestDatabase.execute("UPDATE customers SET status = 'inactive' WHERE email = 'prospect3@mail.example'");
            assertEquals(List.of(3L, 0L), conversion(), "no active customer with that email: never converted");
            TestDatabase.execute("UPDATE customers SET status = 'active', email = 'someone.else@mail.example' "
                    + "WHERE email = 'prospect3@mail.example'");
            assertEquals(List.of(3L, 0L), conversion(), "the customer has another email now");
            TestDatabase.execute("UPDATE customers SET created_at = '2026-02-01T00:00:00Z', email = 'prospect3@mail.example' "
                    + "WHERE email = 'someone.else@mail.example'");
            assertEquals(List.of(2L, 0L), conversion(), "a customer since before the booking: M8 was a customer's booking");
        } finally {
            TestDatabase.execute("UPDATE customers SET status = 'active', email = 'prospect3@mail.example', "
                    + "created_at = '2026-03-20T00:00:00Z' WHERE email IN ('prospect3@mail.example', 'someone.else@mail.example')");
        }
        assertEquals(List.of(3L, 1L), conversion());
    }

    @Test
    void aCustomerMadeAndDeactivatedThroughTheApiChangesConversion() {
        // prospect2 booked M4 on 10 Mar 2026 and is no customer: made one now, through the API, it converted
        // within the days from then to now (the same rule for a sealed booking, matched when the report asks)
        long days = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2026, 3, 10), LocalDate.now(ZoneOffset.UTC)) + 1;
        org.junit.jupiter.api.Assumptions.assumeTrue(days <= 730, "the booking is too old for any report's days");
        String query = "conversion?days=" + days + "&" + MARCH;
        long converted = report(query, manager).get("converted").asLong();
        JsonNode customers = report("engagement?" + MARCH, manager).get("totals");
        // a deactivated customer keeps the meetings linked to it (company records): the link is put back after
        Map<String, Object> link = TestDatabase.one("SELECT m.id, m.customer_id, m.customer_link, m.customer_unmatched_reason "
                + "FROM meetings m JOIN calendly_meetings c ON c.meeting_id = m.id WHERE c.invitee_uri = ?",
                fixture.m4.inviteeUri());
        HttpResponse<String> made = api.post("/api/v1/customers", manager,
                "{\"name\":\"Prospect Two\",\"email\":\"prospect2@mail.example\"}");
        assertEquals(201, made.statusCode(), made.body());
        long id = ApiClient.json(made).get("id").asLong();
        try {
            JsonNode after = report(query, manager);
            assertEquals(converted + 1, after.get("converted").asLong(), "prospect2 became a customer");
            assertEquals(3, after.get("prospects").asLong(), "still a prospect when booking");
        } finally {
            HttpResponse<String> off = api.method("PATCH", "/api/v1/customers/" + id, manager, "{\"status\":\"inactive\"}");
            assertEquals(200, off.statusCode(), off.body());
            TestDatabase.execute("UPDATE meetings SET customer_id = ?, customer_link = ?, customer_unmatched_reason = ? WHERE id = ?",
                    link.get("customer_id"), link.get("customer_link"), link.get("customer_unmatched_reason"), link.get("id"));
        }
        assertEquals(converted, report(query, manager).get("converted").asLong(), "deactivated: no customer with that email");
        assertEquals(customers, report("engagement?" + MARCH, manager).get("totals"), "M4 is no deactivated customer's");
    }

    private List<Long> conversion() {
        JsonNode c = report("conversion?" + MARCH, manager);
        return List.of(c.get("prospects").asLong(), c.get("converted").asLong());
    }

    private static JsonNode series(JsonNode series, String key) {
        for (JsonNode s : series) {
            if (key.equals(s.get("key").asText())) {
                return s.get("buckets");
            }
        }
        return null;
    }

    private static JsonNode emptyLike(JsonNode buckets) {
        com.fasterxml.jackson.databind.node.ArrayNode empty = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (JsonNode b : buckets) {
            com.fasterxml.jackson.databind.node.ObjectNode e = empty.addObject();
            b.fields().forEachRemaining(f -> e.set(f.getKey(), f.getKey().equals("start") ? f.getValue()
                    : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(0L)));
        }
        return empty;
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        assertBad("summary?from=2026-04-01&to=2026-03-01", "'to' must be after 'from'");
        assertBad("summary?from=2020-01-01&to=2026-01-01", "more than 3 years");
        assertBad("summary?tz=Mars/Olympus", "parameter 'tz'");
        assertBad("summary?tz=UTC%2B2", "parameter 'tz'");
        assertBad("summary?from=yesterday", "parameter 'from'");
        assertBad("summary?to=2026-13-01", "parameter 'to'");
        assertBad("volume?interval=hour", "parameter 'interval'");
        assertBad("volume?by=customer", "parameter 'by'");
        assertBad("summary?format=pdf", "parameter 'format'");
        assertBad("summary?dateBy=end", "parameter 'dateBy'");
        assertBad("conversion?days=0", "parameter 'days'");
        assertBad("engagement?limit=lots", "parameter 'limit'");
        assertBad("summary?employeeId=-3", "parameter 'employeeId'");
        assertBad("summary?projectId=x", "parameter 'projectId'");
        assertBad("summary?interval=day", "unknown parameter 'interval'");
        assertBad("summary?source=DROP%20TABLE", "parameter 'source'");
        assertEquals(200, api.get("/api/v1/reports/summary?from=2024-01-01&to=2027-01-01", manager).statusCode(), "exactly 3 years");
    }

    @Test
    void theChangeVersionMovesWithEveryWebhookThatChangesAReport() {
        long before = ApiClient.json(api.get("/api/v1/reports/changes", alice)).get("version").asLong();
        assertTrue(before > 0);
        // in 2025, outside every range the other tests count
        Booking late = new Booking(40, "2025-06-12T10:00:00Z", 30, "2025-06-11T10:00:00Z", "late@mail.example",
                Booking.DISCOVERY, ReportFixture.CAROL);
        ReportFixture.deliver(calendly, late.created());
        long after = ApiClient.json(api.get("/api/v1/reports/changes", alice)).get("version").asLong();
        assertTrue(after > before);
        // a repeat of the same delivery changes nothing, so the version stays
        ReportFixture.deliver(calendly, late.created());
        assertEquals(after, ApiClient.json(api.get("/api/v1/reports/changes", alice)).get("version").asLong());
        ReportFixture.deliver(calendly, late.canceled("invitee"));
        assertTrue(ApiClient.json(api.get("/api/v1/reports/changes", alice)).get("version").asLong() > after);
        assertEquals("canceled", TestDatabase.one("SELECT status FROM report_meetings WHERE meeting_id = ?",
                ReportFixture.meetingOf(late)).get("status"));
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode report(String pathAndQuery, String token) {
        HttpResponse<String> response = api.get("/api/v1/reports/" + pathAndQuery, token);
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        return ApiClient.json(response);
    }

    private long booked(String query, String token) {
        return report("summary?" + query, token).get("current").get("booked").asLong();
    }

    private void assertBad(String pathAndQuery, String message) {
        HttpResponse<String> response = api.get("/api/v1/reports/" + pathAndQuery, manager);
        assertEquals(400, response.statusCode(), pathAndQuery + ": " + response.body());
        JsonNode error = ApiClient.json(response);
        assertEquals("bad_request", error.get("error").asText());
        assertTrue(error.get("message").asText().contains(message), pathAndQuery + ": " + error);
    }

    private static JsonNode metric(JsonNode summary, String name) {
        for (JsonNode m : summary.get("metrics")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name);
    }

    /** JSON numbers are compared as numbers: 176.90 and 176.9 are the same. */
    private static void assertNumber(String expected, JsonNode actual) {
        assertTrue(actual != null && actual.isNumber(), "not a number: " + actual);
        assertEquals(0, new java.math.BigDecimal(expected).compareTo(actual.decimalValue()), "expected " + expected + " but was " + actual);
    }

    private static Map<String, JsonNode> byStart(JsonNode buckets) {
        Map<String, JsonNode> map = new HashMap<>();
        buckets.forEach(b -> map.put(b.get("start").asText(), b));
        return map;
    }

    private static List<String> starts(JsonNode buckets) {
        return texts(buckets, "start");
    }

    private static List<String> texts(JsonNode rows, String field) {
        List<String> list = new ArrayList<>();
        rows.forEach(r -> list.add(r.get(field).asText()));
        return list;
    }

    private static List<Long> counts(JsonNode rows, String field) {
        List<Long> list = new ArrayList<>();
        rows.forEach(r -> list.add(r.get(field).asLong()));
        return list;
    }

    private static long sum(JsonNode rows, String field) {
        return counts(rows, field).stream().mapToLong(Long::longValue).sum();
    }

    private static void assertCounts(JsonNode bucket, long booked, long completed, long upcoming, long noShows, long canceled,
                                     long rescheduled) {
        assertEquals(List.of(booked, completed, upcoming, noShows, canceled, rescheduled),
                List.of(bucket.get("booked").asLong(), bucket.get("completed").asLong(), bucket.get("upcoming").asLong(),
                        bucket.get("noShows").asLong(), bucket.get("canceled").asLong(), bucket.get("rescheduled").asLong()),
                bucket.get("start").asText());
    }

    private static void assertEmployee(JsonNode row, long meetings, String hours, String utilization) {
        assertEquals(meetings, row.get("meetings").asLong(), row.toString());
        assertNumber(hours, row.get("hoursBooked"));
        assertNumber(utilization, row.get("utilization"));
    }

    private static List<List<String>> trimmed(List<List<String>> rows) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> cells = new ArrayList<>(row);
            while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                cells.remove(cells.size() - 1);
            }
            out.add(cells);
        }
        return out;
    }

    static List<List<String>> csv(String text) {
        try {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.RFC4180.parse(new StringReader(text))) {
                rows.add(r.toList());
            }
            return rows;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every sheet of a workbook as rows of cell texts, in order. */
    static Map<String, List<List<String>>> xlsx(byte[] file) throws IOException {
        Map<String, List<List<String>>> sheets = new java.util.LinkedHashMap<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file))) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                List<List<String>> rows = new ArrayList<>();
                for (Row row : sheet.read()) {
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < row.getCellCount(); c++) {
                        String text = row.getCellText(c);
                        cells.add(text == null ? "" : text);
                    }
                    while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                        cells.remove(cells.size() - 1);
                    }
                    rows.add(cells);
                }
                sheets.put(sheet.getName(), rows);
            }
        }
        return sheets;
    }
}
