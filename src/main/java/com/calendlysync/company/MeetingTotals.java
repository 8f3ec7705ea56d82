package com.calendlysync.company;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.calendlysync.access.Principal;

/**
 * The figures a profile shows for a customer's, an employee's or a project's meetings: how many,
 * upcoming, completed, canceled, no-shows, and the last and next meeting. Rescheduled bookings
 * are not counted (their replacement is). An employee token counts only the meetings it hosts.
 */
final class MeetingTotals {

    private MeetingTotals() {
    }

    /** condition: over meetings m, with one parameter (the record's id). */
    static Map<String, Object> of(Connection c, String condition, long id, Principal principal) throws SQLException {
        String scope = principal.isScopedToEmployee()
                ? " AND EXISTS (SELECT 1 FROM meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = " + principal.employeeId() + ")"
                : "";
        String sql = """
                WITH mine AS (
                    SELECT m.id, m.title, m.status, m.start_time, coalesce(c.no_show, false) AS no_show
                      FROM meetings m LEFT JOIN calendly_meetings c ON c.meeting_id = m.id
                     WHERE %s%s AND m.status <> 'rescheduled')
                SELECT (SELECT count(*) FROM mine) AS meetings,
                       (SELECT count(*) FROM mine WHERE status = 'active' AND start_time > now()) AS upcoming,
                       (SELECT count(*) FROM mine WHERE status = 'active' AND start_time <= now() AND NOT no_show) AS completed,
                       (SELECT count(*) FROM mine WHERE status = 'canceled') AS canceled,
                       (SELECT count(*) FROM mine WHERE no_show) AS no_shows,
                       (SELECT jsonb_build_object('id', id, 'title', title, 'startTime', start_time) FROM mine
                         WHERE status = 'active' AND start_time <= now() ORDER BY start_time DESC, id DESC LIMIT 1) AS last_meeting,
                       (SELECT jsonb_build_object('id', id, 'title', title, 'startTime', start_time) FROM mine
                         WHERE status = 'active' AND start_time > now() ORDER BY start_time, id LIMIT 1) AS next_meeting
                """.formatted(condition, scope);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Object> totals = new LinkedHashMap<>();
                for (String column : List.of("meetings", "upcoming", "completed", "canceled")) {
                    totals.put(column, rs.getLong(column));
                }
                totals.put("noShows", rs.getLong("no_shows"));
                totals.put("lastMeeting", meeting(rs.getString("last_meeting")));
                totals.put("nextMeeting", meeting(rs.getString("next_meeting")));
                return totals;
            }
        }
    }

    private static Object meeting(String json) {
        if (json == null) {
            return null;
        }
        try {
            Map<?, ?> m = com.calendlysync.json.Json.MAPPER.readValue(json, Map.class);
            Map<String, Object> meeting = new LinkedHashMap<>();
            meeting.put("id", m.get("id"));
            meeting.put("title", m.get("title"));
            meeting.put("startTime", iso(java.time.OffsetDateTime.parse(String.valueOf(m.get("startTime")))));
            return meeting;
        } catch (Exception e) {
            throw new IllegalStateException("meeting totals: " + e.getMessage(), e);
        }
    }
}
