package com.calendlysync.reports;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** The values a report query's named parameters are bound to, each with its SQL type (nulls need one). */
final class ReportValues {

    private record Value(Object value, int type) {
    }

    private final Map<String, Value> values = new HashMap<>();
    private boolean slots;
    private boolean perMeetingFilter;
    private boolean eventTypeFilter;
    private Long employee;
    private Long viewer;
    private boolean peopleSealed;

    /** The range, the filters and who is asking, as every report query takes them. */
    static ReportValues of(ReportParameters p, Instant now, Long viewerEmployeeId, boolean peopleSealed) {
        ReportValues values = new ReportValues();
        // the 15-minute slot counts answer when no filter needs single meetings (a person, a customer,
        // a project, an event type) and the range starts and ends on slot boundaries (dates always do)
        values.slots = viewerEmployeeId == null && p.employeeId() == null && p.customerId() == null
                && p.projectId() == null && p.eventType() == null && p.from().getEpochSecond() % 900 == 0 && p.to().getEpochSecond() % 900 == 0;
        values.perMeetingFilter = p.customerId() != null || p.projectId() != null;
        values.eventTypeFilter = p.eventType() != null;
        values.employee = p.employeeId();
        values.viewer = viewerEmployeeId;
        values.peopleSealed = peopleSealed;
        return values
                .time("from", p.from())
                .time("to", p.to())
                .time("previousFrom", p.previousFrom())
                .time("now", now)
                .put("byBooking", p.byBooking(), Types.BOOLEAN)
                .put("eventType", p.eventType(), Types.VARCHAR)
                .put("employeeId", p.employeeId(), Types.BIGINT)
                .put("customerId", p.customerId(), Types.BIGINT)
                .put("projectId", p.projectId(), Types.BIGINT)
                .put("source", p.source(), Types.VARCHAR)
                .put("viewerEmployeeId", viewerEmployeeId, Types.BIGINT)
                .put("peopleSealed", peopleSealed, Types.BOOLEAN);
    }

    /** Whether the report may count from report_slot_counts instead of single meetings. */
    boolean slots() {
        return slots;
    }

    /**
     * Whether a report may count per hosting employee from report_day_counts (day-counts.sql)
     * instead of single meetings, and binds what that query takes. The day counts know no
     * customer, project or event type of an employee's meetings, so those filters need single
     * meetings. {@code oneEmployee}: the report keeps only the employee asked for (utilization),
     * so an employee filter or an employee's own token narrows the key; a series per employee
     * needs single meetings then (the co-hosts of that employee's meetings are counted too).
     */
    boolean daysPerEmployee(boolean oneEmployee) {
        boolean usable = !perMeetingFilter && !eventTypeFilter && (oneEmployee || (employee == null && viewer == null));
        put("dimension", "e", Types.VARCHAR).put("dayKey", employee != null ? employee : viewer, Types.BIGINT);
        return usable;
    }

    /**
     * Whether a series per event type may count from report_day_counts: not with a customer,
     * project or employee filter or for an employee's own token (single meetings then); an event
     * type filter narrows the key.
     */
    boolean daysPerEventType() {
        boolean usable = !perMeetingFilter && employee == null && viewer == null;
        put("dimension", "t", Types.VARCHAR).put("dayKey", null, Types.BIGINT);
        return usable;
    }

    /**
     * Whether conversion may count its prospects from report_day_counts (dimension c): they know no
     * event type, employee, customer or project, so any of those filters, or an employee's own
     * token, needs single meetings. So does encryption at rest: the counts hold the bookings in
     * clear only, and a sealed booking's invitee is matched to the customers' emails with the index
     * key only the app's sessions hold.
     */
    boolean daysForConversion() {
        boolean usable = !peopleSealed && !perMeetingFilter && !eventTypeFilter && employee == null && viewer == null;
        put("dimension", "c", Types.VARCHAR).put("dayKey", null, Types.BIGINT);
        return usable;
    }

    ReportValues put(String name, Object value, int type) {
        values.put(name, new Value(value, type));
        return this;
    }

    ReportValues time(String name, Instant value) {
        return put(name, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    void bind(PreparedStatement ps, int index, String name) throws SQLException {
        Value v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("report query parameter :" + name + " has no value");
        }
        if (v.value() == null) {
            ps.setNull(index, v.type());
        } else {
            ps.setObject(index, v.value(), v.type());
        }
    }
}
