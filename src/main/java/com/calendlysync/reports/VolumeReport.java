package com.calendlysync.reports;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meetings over time: one bucket per day, week (from Monday) or month in the report's time
 * zone, empty buckets included, each with bookings and what became of them (completed,
 * upcoming, no-shows, canceled, rescheduled: they add up to booked). With by=eventType,
 * employee or status, the same per series.
 */
final class VolumeReport implements Report {

    static final String[] FIELDS = {"booked", "completed", "upcoming", "noShows", "canceled", "rescheduled"};
    private static final String[] COLUMNS = {"booked", "completed", "upcoming", "no_shows", "canceled", "rescheduled"};

    @Override
    public String name() {
        return "volume";
    }

    @Override
    public List<String> parameters() {
        return List.of("interval", "by");
    }

    @Override
    public void check(ReportParameters p) {
        Report.oneOf(p, "interval", "day", Set.of("day", "week", "month"));
        Report.oneOf(p, "by", "none", Set.of("none", "eventType", "employee", "status"));
    }

    @Override
    public ReportResult run(ReportParameters p, ReportSession session, ReportValues values) throws SQLException {
        String interval = Report.oneOf(p, "interval", "day", Set.of("day", "week", "month"));
        String by = Report.oneOf(p, "by", "none", Set.of("none", "eventType", "employee", "status"));
        values.put("interval", interval, java.sql.Types.VARCHAR).time("rangeFrom", p.from());
        List<Instant> buckets = buckets(session, values);
        String query = values.slots() ? "volume-slots" : "volume";

        values.put("by", "none", java.sql.Types.VARCHAR);
        Map<Instant, Map<String, Object>> totals = new LinkedHashMap<>();
        for (Map<String, Object> row : session.rows(query, values)) {
            totals.put(instant(row.get("bucket")), row);
        }
        // each bucket's start as the user reads it, formatted once (a year per employee has ~10,000 cells)
        Map<Instant, String> starts = new LinkedHashMap<>();
        for (Instant b : buckets) {
            starts.put(b, p.local(b));
        }
        List<Map<String, Object>> totalBuckets = new ArrayList<>();
        for (Instant b : buckets) {
            totalBuckets.add(bucket(starts.get(b), totals.get(b)));
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", name());
        body.put("parameters", p.describe());
        body.put("interval", interval);
        body.put("by", by);
        body.put("buckets", totalBuckets);
        List<String> columns = new ArrayList<>(List.of("start"));
        columns.addAll(List.of(COLUMNS));
        List<List<Object>> rows = new ArrayList<>();
        if (by.equals("none")) {
            for (Map<String, Object> b : totalBuckets) {
                rows.add(new ArrayList<>(b.values()));
            }
        } else {
            values.put("by", by, java.sql.Types.VARCHAR);
            Map<String, Map<String, Object>> series = new LinkedHashMap<>();
            Map<String, Map<Instant, Map<String, Object>>> counted = new LinkedHashMap<>();
            String seriesQuery = switch (by) {
                case "status" -> query;
                case "employee" -> values.daysPerEmployee(false) ? "volume-days" : "volume";
                default -> values.daysPerEventType() ? "volume-days" : "volume";
            };
            for (Map<String, Object> row : session.rows(seriesQuery, values)) {
                String key = (String) row.get("key");
                series.computeIfAbsent(String.valueOf(key), k -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("key", key);
                    s.put("label", row.get("label") == null ? unnamed(by) : row.get("label"));
                    if (by.equals("eventType")) {
                        s.put("uri", row.get("uri"));
                    }
                    return s;
                });
                counted.computeIfAbsent(String.valueOf(key), k -> new LinkedHashMap<>()).put(instant(row.get("bucket")), row);
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (Map.Entry<String, Map<String, Object>> s : series.entrySet()) {
                List<Map<String, Object>> seriesBuckets = new ArrayList<>();
                for (Instant b : buckets) {
                    Map<String, Object> bucket = bucket(starts.get(b), counted.get(s.getKey()).get(b));
                    seriesBuckets.add(bucket);
                    List<Object> row = new ArrayList<>();
                    row.add(s.getValue().get("key"));
                    row.add(s.getValue().get("label"));
                    row.addAll(bucket.values());
                    rows.add(row);
                }
                s.getValue().put("buckets", seriesBuckets);
                list.add(s.getValue());
            }
            list.sort((a, b) -> Long.compare(total(b), total(a)));
            body.put("series", list);
            columns.add(0, "series");
            columns.add(0, "series_key");
        }
        return new ReportResult(body, new ReportTable("Volume", columns, rows));
    }

    static List<Instant> buckets(ReportSession session, ReportValues values) throws SQLException {
        List<Instant> buckets = new ArrayList<>();
        for (Map<String, Object> row : session.rows("buckets", values)) {
            buckets.add(instant(row.get("bucket")));
        }
        return buckets;
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return null;
    }

    private static Map<String, Object> bucket(String start, Map<String, Object> row) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("start", start);
        for (int i = 0; i < FIELDS.length; i++) {
            b.put(FIELDS[i], row == null ? 0L : Numbers.count(row.get(COLUMNS[i])));
        }
        return b;
    }

    private static long total(Map<String, Object> series) {
        long sum = 0;
        for (Object b : (List<?>) series.get("buckets")) {
            sum += (long) ((Map<?, ?>) b).get("booked");
        }
        return sum;
    }

    private static String unnamed(String by) {
        return switch (by) {
            case "employee" -> "No matched employee";
            case "eventType" -> "No event type";
            default -> "unknown";
        };
    }
}
