package com.calendlysync.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headline numbers of a range, each with the same number for the range of equal length just
 * before it and the change. booked = every booking; completed = started before now, active, not
 * a no-show; upcoming = active, starting later; no-shows = active and marked no-show; canceled
 * (split by who canceled); rescheduled = the old booking of a reschedule. Rates: cancellation =
 * canceled / booked, reschedule = rescheduled / booked, no-show = no-shows / (completed +
 * no-shows). Lead time: median hours from booking to start (each lead to the half hour).
 */
final class SummaryReport implements Report {

    private static final String[] COUNTS = {"booked", "completed", "upcoming", "noShows", "canceled", "canceledByHost",
            "canceledByInvitee", "rescheduled"};
    private static final String[] COLUMNS = {"booked", "completed", "upcoming", "no_shows", "canceled", "canceled_by_host",
            "canceled_by_invitee", "rescheduled"};

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public List<String> parameters() {
        return List.of();
    }

    @Override
    public void check(ReportParameters p) {
        // no parameters of its own
    }

    @Override
    public ReportResult run(ReportParameters p, ReportSession session, ReportValues values) throws SQLException {
        Map<String, Map<String, Object>> periods = new LinkedHashMap<>();
        values.time("rangeFrom", p.previousFrom());
        for (Map<String, Object> row : session.rows(values.slots() ? "summary-slots" : "summary", values)) {
            periods.put((String) row.get("period"), new LinkedHashMap<>(row));
        }
        if (!values.slots()) {
            for (Map<String, Object> row : session.rows("lead-time", values)) {
                periods.computeIfAbsent((String) row.get("period"), k -> new LinkedHashMap<>()).put("lead_time_hours", row.get("lead_time_hours"));
            }
        }
        Map<String, Object> current = numbers(periods.get("current"));
        Map<String, Object> previous = numbers(periods.get("previous"));
        List<Map<String, Object>> metrics = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (String name : current.keySet()) {
            Object now = current.get(name);
            Object before = previous.get(name);
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("name", name);
            metric.put("current", now);
            metric.put("previous", before);
            metric.put("change", change(now, before));
            metric.put("changePercent", changePercent(now, before));
            metrics.add(metric);
            rows.add(new ArrayList<>(metric.values()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", name());
        body.put("parameters", p.describe());
        body.put("previousRange", Map.of("from", p.local(p.previousFrom()), "to", p.local(p.from())));
        body.put("current", current);
        body.put("previous", previous);
        body.put("metrics", metrics);
        return new ReportResult(body, new ReportTable("Summary",
                List.of("metric", "current", "previous", "change", "change_percent"), rows));
    }

    private static Map<String, Object> numbers(Map<String, Object> row) {
        Map<String, Object> n = new LinkedHashMap<>();
        for (int i = 0; i < COUNTS.length; i++) {
            n.put(COUNTS[i], row == null ? 0L : Numbers.count(row.get(COLUMNS[i])));
        }
        long booked = (long) n.get("booked");
        long noShows = (long) n.get("noShows");
        n.put("cancellationRate", Numbers.rate((long) n.get("canceled"), booked));
        n.put("rescheduleRate", Numbers.rate((long) n.get("rescheduled"), booked));
        n.put("noShowRate", Numbers.rate(noShows, (long) n.get("completed") + noShows));
        n.put("leadTimeHoursMedian", row == null ? null : Numbers.decimal(row.get("lead_time_hours"), 2));
        n.put("hoursBooked", row == null || row.get("hours_booked") == null ? BigDecimal.ZERO.setScale(2)
                : Numbers.decimal(row.get("hours_booked"), 2));
        return n;
    }

    private static Object change(Object now, Object before) {
        if (now == null || before == null) {
            return null;
        }
        if (now instanceof Long a && before instanceof Long b) {
            return a - b;
        }
        return decimal(now).subtract(decimal(before));
    }

    private static BigDecimal changePercent(Object now, Object before) {
        if (now == null || before == null || decimal(before).signum() == 0) {
            return null;
        }
        return decimal(now).subtract(decimal(before)).multiply(BigDecimal.valueOf(100))
                .divide(decimal(before).abs(), 1, RoundingMode.HALF_UP);
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue());
    }
}
