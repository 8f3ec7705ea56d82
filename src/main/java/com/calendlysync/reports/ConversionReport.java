package com.calendlysync.reports;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meeting-to-customer conversion: bookings whose invitee was not a customer when they booked
 * (no active customer with that email created before the booking) and how many of them became
 * one within {@code days} (default 90) days of 24 hours after booking; the rate, and the same per interval
 * (bucketed like the range: by meeting start, or by booking time with dateBy=booked).
 */
final class ConversionReport implements Report {

    @Override
    public String name() {
        return "conversion";
    }

    @Override
    public List<String> parameters() {
        return List.of("days", "interval");
    }

    @Override
    public void check(ReportParameters p) {
        Report.whole(p, "days", 90, 1, 730);
        Report.oneOf(p, "interval", "month", Set.of("day", "week", "month"));
    }

    @Override
    public ReportResult run(ReportParameters p, ReportSession session, ReportValues values) throws SQLException {
        int days = Report.whole(p, "days", 90, 1, 730);
        String interval = Report.oneOf(p, "interval", "month", Set.of("day", "week", "month"));
        values.put("days", days, Types.INTEGER).put("interval", interval, Types.VARCHAR);
        List<Instant> buckets = VolumeReport.buckets(session, values);
        Map<Instant, Map<String, Object>> counted = new HashMap<>();
        long prospects = 0;
        long converted = 0;
        for (Map<String, Object> row : session.rows(values.daysForConversion() ? "conversion-days" : "conversion", values)) {
            Instant bucket = VolumeReport.instant(row.get("bucket"));
            if (bucket == null) {
                prospects = Numbers.count(row.get("prospects"));
                converted = Numbers.count(row.get("converted"));
            } else {
                counted.put(bucket, row);
            }
        }
        List<Map<String, Object>> list = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Instant b : buckets) {
            Map<String, Object> row = counted.get(b);
            long bp = row == null ? 0 : Numbers.count(row.get("prospects"));
            long bc = row == null ? 0 : Numbers.count(row.get("converted"));
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("start", p.local(b));
            bucket.put("prospects", bp);
            bucket.put("converted", bc);
            bucket.put("rate", Numbers.rate(bc, bp));
            list.add(bucket);
            rows.add(new ArrayList<>(bucket.values()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", name());
        body.put("parameters", p.describe());
        body.put("days", days);
        body.put("interval", interval);
        body.put("prospects", prospects);
        body.put("converted", converted);
        body.put("rate", Numbers.rate(converted, prospects));
        body.put("buckets", list);
        return new ReportResult(body, new ReportTable("Conversion", List.of("start", "prospects", "converted", "rate"), rows));
    }
}
