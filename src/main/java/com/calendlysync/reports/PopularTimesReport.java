package com.calendlysync.reports;

import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When meetings happen: bookings (and completed meetings) by weekday and hour of the day in the
 * report's time zone, every one of the 7 x 24 cells present; with dateBy=booked, when people book.
 */
final class PopularTimesReport implements Report {

    @Override
    public String name() {
        return "popular-times";
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
        long[][] booked = new long[8][24];
        long[][] completed = new long[8][24];
        values.time("rangeFrom", p.from());
        for (Map<String, Object> row : session.rows(values.slots() ? "popular-times-slots" : "popular-times", values)) {
            int day = ((Number) row.get("weekday")).intValue();
            int hour = ((Number) row.get("hour")).intValue();
            booked[day][hour] = Numbers.count(row.get("booked"));
            completed[day][hour] = Numbers.count(row.get("completed"));
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        List<Map<String, Object>> byWeekday = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        long[] byHour = new long[24];
        for (int day = 1; day <= 7; day++) {
            String name = DayOfWeek.of(day).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            long dayTotal = 0;
            for (int hour = 0; hour < 24; hour++) {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("weekday", day);
                cell.put("weekdayName", name);
                cell.put("hour", hour);
                cell.put("booked", booked[day][hour]);
                cell.put("completed", completed[day][hour]);
                cells.add(cell);
                rows.add(new ArrayList<>(cell.values()));
                dayTotal += booked[day][hour];
                byHour[hour] += booked[day][hour];
            }
            byWeekday.add(Map.of("weekday", day, "weekdayName", name, "booked", dayTotal));
        }
        List<Map<String, Object>> hours = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            hours.add(Map.of("hour", hour, "booked", byHour[hour]));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", name());
        body.put("parameters", p.describe());
        body.put("cells", cells);
        body.put("byWeekday", byWeekday);
        body.put("byHour", hours);
        return new ReportResult(body, new ReportTable("Popular times",
                List.of("weekday", "weekday_name", "hour", "booked", "completed"), rows));
    }
}
