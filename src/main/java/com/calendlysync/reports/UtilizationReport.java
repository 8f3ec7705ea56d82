package com.calendlysync.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Employee utilization: per employee, the bookings they host (every host of a shared meeting
 * counts it), hours booked (length of the meetings neither canceled nor rescheduled: held,
 * no-shows and upcoming) and hours booked / capacity, where capacity is
 * CALENDLY_WEEKLY_CAPACITY_HOURS for every week of the range (range length / 7 days).
 */
final class UtilizationReport implements Report {

    private static final String[] FIELDS = {"meetings", "completed", "upcoming", "noShows", "canceled", "rescheduled"};
    private static final String[] COLUMNS = {"meetings", "completed", "upcoming", "no_shows", "canceled", "rescheduled"};

    private final int weeklyCapacityHours;

    UtilizationReport(int weeklyCapacityHours) {
        this.weeklyCapacityHours = weeklyCapacityHours;
    }

    @Override
    public String name() {
        return "utilization";
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
        BigDecimal weeks = BigDecimal.valueOf(Duration.between(p.from(), p.to()).toSeconds())
                .divide(BigDecimal.valueOf(7 * 24 * 3600), 4, RoundingMode.HALF_UP);
        BigDecimal capacity = weeks.multiply(BigDecimal.valueOf(weeklyCapacityHours)).setScale(2, RoundingMode.HALF_UP);
        List<Map<String, Object>> employees = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        values.put("interval", null, java.sql.Types.VARCHAR);
        String query = values.daysPerEmployee(true) ? "utilization-days" : "utilization";
        for (Map<String, Object> row : session.rows(query, values)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("employeeId", Numbers.count(row.get("employee_id")));
            e.put("name", row.get("name"));
            e.put("email", row.get("email"));
            for (int i = 0; i < FIELDS.length; i++) {
                e.put(FIELDS[i], Numbers.count(row.get(COLUMNS[i])));
            }
            long minutes = Numbers.count(row.get("minutes_booked"));
            e.put("hoursBooked", Numbers.hours(minutes));
            e.put("capacityHours", capacity);
            e.put("utilization", capacity.signum() == 0 ? null : BigDecimal.valueOf(minutes)
                    .divide(capacity.multiply(BigDecimal.valueOf(60)), 4, RoundingMode.HALF_UP));
            employees.add(e);
            rows.add(new ArrayList<>(e.values()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", name());
        body.put("parameters", p.describe());
        Map<String, Object> cap = new LinkedHashMap<>();
        cap.put("weeklyHours", weeklyCapacityHours);
        cap.put("weeks", weeks);
        cap.put("hours", capacity);
        body.put("capacity", cap);
        body.put("employees", employees);
        return new ReportResult(body, new ReportTable("Utilization", List.of("employee_id", "name", "email", "meetings",
                "completed", "upcoming", "no_shows", "canceled", "rescheduled", "hours_booked", "capacity_hours",
                "utilization"), rows));
    }
}
