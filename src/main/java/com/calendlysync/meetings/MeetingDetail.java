package com.calendlysync.meetings;

import com.calendlysync.web.JsonTimes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.access.Principal;
import com.calendlysync.db.SqlFile;
import com.calendlysync.encryption.PersonalFields;
import com.calendlysync.encryption.SealedValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.calendlysync.web.NotFoundException;
import org.apache.camel.Exchange;

/**
 * Bean {@code meetingDetail}: GET /api/v1/meetings/{id}: the meeting as the list shows it, its
 * full Calendly details (header CalendlyDetails, from sql/calendly-details.sql in the route) and
 * its whole reschedule chain (sql/reschedule-chain.sql), oldest booking first. For an employee
 * token, the bookings of the chain a colleague hosts show only that they exist.
 */
public final class MeetingDetail {

    private final DataSource dataSource;
    private final String chainSql;
    private final SealedValues sealed;

    public MeetingDetail(DataSource dataSource, SealedValues sealed) {
        this.dataSource = dataSource;
        this.chainSql = SqlFile.read("reschedule-chain.sql");
        this.sealed = sealed;
    }

    /**
     * The stored Calendly details (sql/calendly-details.sql) as people read them: the personal
     * values opened when the row is sealed.
     */
    public JsonNode calendlyDetails(String details) throws IOException {
        if (details == null) {
            return null;
        }
        ObjectNode node = (ObjectNode) MeetingSearch.JSON.readTree(details);
        String by = node.path("sealedBy").asText(null);
        if (by == null) {
            return node;
        }
        String uri = node.path("invitee").path("uri").asText();
        String table = PersonalFields.CALENDLY;
        Map<String, String> invitee = Map.of("invitee_name", "name", "invitee_first_name", "firstName",
                "invitee_last_name", "lastName", "invitee_email", "email", "invitee_phone", "phone",
                "questions_and_answers", "questionsAndAnswers");
        sealed.openFields((ObjectNode) node.get("invitee"), by, table, uri, invitee.keySet(), invitee::get);
        sealed.openFields((ObjectNode) node.get("event"), by, table, uri, List.of("location"), column -> "location");
        if (node.get("cancellation") instanceof ObjectNode cancellation) {
            Map<String, String> fields = Map.of("cancel_reason", "reason", "canceled_by", "canceledBy");
            sealed.openFields(cancellation, by, table, uri, fields.keySet(), fields::get);
        }
        sealed.openFields(node, by, table, uri, List.of("calendly_data"), column -> "calendlyData");
        return node;
    }

    public Map<String, Object> describe(Exchange exchange) throws SQLException, IOException {
        long id = exchange.getMessage().getHeader("meetingId", Long.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = MeetingQuery.byId(id).prepare(c); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no meeting with id " + id);
                }
                answer.put("meeting", MeetingSearch.item(rs, sealed));
            }
            String details = exchange.getMessage().getHeader("CalendlyDetails", String.class);
            answer.put("calendly", calendlyDetails(details));
            answer.put("rescheduleChain", chain(c, id, AccessControl.principal(exchange)));
        }
        return answer;
    }

    /**
     * The chain as the viewer may see it: an employee token sees its own employee's bookings in
     * full, and of a colleague's only that the meeting was rescheduled from or to one.
     */
    private List<Map<String, Object>> chain(Connection c, long meetingId, Principal viewer) throws SQLException {
        List<Map<String, Object>> chain = new ArrayList<>();
        String dangling = null;
        String danglingNext = null;
        try (PreparedStatement ps = c.prepareStatement(chainSql)) {
            ps.setLong(1, meetingId);
            ps.setLong(2, meetingId);
            if (viewer.isScopedToEmployee()) {
                ps.setLong(3, viewer.employeeId());
            } else {
                ps.setNull(3, Types.BIGINT);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean visible = rs.getBoolean("visible");
                    // a partner Calendly named that has not reached us, next to a booking the viewer may see
                    if (chain.isEmpty()) {
                        dangling = visible ? rs.getString("old_invitee_uri") : null;
                    }
                    danglingNext = visible ? rs.getString("new_invitee_uri") : null;
                    chain.add(visible ? booking(rs) : colleagues(rs.getInt("step") == 0));
                }
            }
        }
        // shown, so the gap is visible
        if (dangling != null) {
            chain.add(0, missing(dangling));
        }
        if (danglingNext != null) {
            chain.add(missing(danglingNext));
        }
        return chain;
    }

    private static Map<String, Object> booking(ResultSet rs) throws SQLException {
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("meetingId", rs.getLong("meeting_id"));
        booking.put("inviteeUri", rs.getString("invitee_uri"));
        booking.put("status", rs.getString("invitee_status"));
        booking.put("noShow", rs.getBoolean("no_show"));
        booking.put("startTime", JsonTimes.iso(rs.getTimestamp("start_time")));
        booking.put("eventName", rs.getString("event_name"));
        booking.put("canceledAt", JsonTimes.iso(rs.getTimestamp("canceled_at")));
        booking.put("current", rs.getInt("step") == 0);
        booking.put("stored", true);
        booking.put("hostedByColleague", false);
        return booking;
    }

    /** A booking in the chain that a colleague of the viewing employee hosts: that it exists, nothing more. */
    private static Map<String, Object> colleagues(boolean current) {
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("meetingId", null);
        booking.put("inviteeUri", null);
        booking.put("status", null);
        booking.put("current", current);
        booking.put("stored", true);
        booking.put("hostedByColleague", true);
        return booking;
    }

    private static Map<String, Object> missing(String inviteeUri) {
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("meetingId", null);
        booking.put("inviteeUri", inviteeUri);
        booking.put("status", null);
        booking.put("current", false);
        booking.put("stored", false);
        booking.put("hostedByColleague", false);
        return booking;
    }
}
