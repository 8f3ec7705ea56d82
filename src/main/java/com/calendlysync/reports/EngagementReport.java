package com.calendlysync.reports;

import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customer engagement: per customer, bookings and what became of them, the first and last
 * meeting held and the next one (all within the range; held = not canceled or rescheduled).
 * Totals: customers with bookings, customers met (at least one completed meeting), repeat
 * customers (two or more completed) and the repeat rate (repeat / met). limit: how many
 * customers are listed, most bookings first (the totals always count every customer).
 */
final class EngagementReport implements Report {

    private static final String[] FIELDS = {"meetings", "completed", "upcoming", "noShows", "canceled", "rescheduled"};
    private static final String[] COLUMNS = {"meetings", "completed", "upcoming", "no_shows", "canceled", "rescheduled"};

    @Override
    public String name() {
        return "engagement";
    }

    @Override
    public List<String> parameters() {
        return List.of("limit");
    }

    @Override
    public void check(ReportParameters p) {
        Report.whole(p, "limit", 100, 1, 100_000);
    }

    @Override
    public ReportResult run(ReportParameters p, ReportSession session, ReportValues values) throws SQLException {
        int limit = Report.whole(p, "limit", p.format().equals("json") ? 100 : 100_000, 1, 100_000);
        values.put("limit", limit, Types.INTEGER);
        List<Map<String, Object>> customers = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        long all = 0;
        long met = 0;
        long repeat = 0;
        long meetings = 0;
        for (Map<String, Object> row : session.rows("engagement", values)) {
            all = Numbers.count(row.get("total_customers"));
            met = Numbers.count(row.get("total_met"));
            repeat = Numbers.count(row.get("total_repeat"));
            meetings = Numbers.count(row.get("total_meetings"));
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("customerId", Numbers.count(row.get("customer_id")));
            c.put("name", row.get("name"));
            c.put("email", row.get("email"));
            for (int i = 0; i < FIELDS.length; i++) {
                c.put(FIELDS[i], Numbers.count(row.get(COLUMNS[i])));
            }
            c.put("firstMeeting", p.local(VolumeReport.instant(row.get("first_meeting"))));
            c.put("lastMeeting", p.local(VolumeReport.instant(row.get("last_meeting"))));
            c.put("nextMeeting", p.local(VolumeReport.instant(row.get("next_meeting"))));
            customers.add(c);
            rows.add(new ArrayList<>(c.values()));
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("customers", all);
        totals.put("customersMet", met);
        totals.put("repeatCustomers", repeat);
        totals.put("repeatRate", Numbers.rate(repeat, met));
        totals.put("meetings", meetings);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", name());
        body.put("parameters", p.describe());
        body.put("totals", totals);
        body.put("limit", limit);
        body.put("customers", customers);
        return new ReportResult(body, new ReportTable("Engagement", List.of("customer_id", "name", "email", "meetings",
                "completed", "upcoming", "no_shows", "canceled", "rescheduled", "first_meeting", "last_meeting",
                "next_meeting"), rows));
    }
}
