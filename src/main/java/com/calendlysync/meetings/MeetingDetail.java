package com.calendlysync.meetings;

import com.calendlysync.web.JsonTimes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.web.NotFoundException;
import org.apache.camel.Exchange;

/**
 * Bean {@code meetingDetail}: GET /api/v1/meetings/{id}: the meeting as the list shows it, its
 * full Calendly details (header CalendlyDetails, from sql/calendly-details.sql in the route) and
 * its whole reschedule chain (sql/reschedule-chain.sql), oldest booking first.
 */
public final class MeetingDetail {

    private final DataSource dataSource;
    private final String chainSql;

    public MeetingDetail(DataSource dataSource) {
        this.dataSource = dataSource;
        try (InputStream in = MeetingDetail.class.getResourceAsStream("/sql/reschedule-chain.sql")) {
            this.chainSql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> describe(Exchange exchange) throws SQLException, IOException {
        long id = exchange.getMessage().getHeader("meetingId", Long.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = MeetingQuery.byId(id).prepare(c); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no meeting with id " + id);
                }
                answer.put("meeting", MeetingSearch.item(rs));
            }
            String details = exchange.getMessage().getHeader("CalendlyDetails", String.class);
            answer.put("calendly", details == null ? null : MeetingSearch.JSON.readTree(details));
            answer.put("rescheduleChain", chain(c, id));
        }
        return answer;
    }

    private List<Map<String, Object>> chain(Connection c, long meetingId) throws SQLException {
        List<Map<String, Object>> chain = new ArrayList<>();
        String dangling = null;
        String danglingNext = null;
        try (PreparedStatement ps = c.prepareStatement(chainSql)) {
            ps.setLong(1, meetingId);
            ps.setLong(2, meetingId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (chain.isEmpty()) {
                        dangling = rs.getString("old_invitee_uri");
                    }
                    danglingNext = rs.getString("new_invitee_uri");
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
                    chain.add(booking);
                }
            }
        }
        // a partner Calendly named but that has not reached us (yet): shown, so the gap is visible
        if (dangling != null) {
            chain.add(0, missing(dangling));
        }
        if (danglingNext != null) {
            chain.add(missing(danglingNext));
        }
        return chain;
    }

    private static Map<String, Object> missing(String inviteeUri) {
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("meetingId", null);
        booking.put("inviteeUri", inviteeUri);
        booking.put("status", null);
        booking.put("current", false);
        booking.put("stored", false);
        return booking;
    }
}
