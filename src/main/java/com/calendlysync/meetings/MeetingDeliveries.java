package com.calendlysync.meetings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.deliveries.DeliveryLog;
import com.calendlysync.web.NotFoundException;

/**
 * Bean {@code meetingDeliveries}: GET /api/v1/meetings/{id}/deliveries: every webhook delivery
 * about the meeting's invitee, oldest first, with its outcome (processed, duplicate, failed)
 * and error, so a person sees how the record came to be.
 */
public final class MeetingDeliveries {

    private final DataSource dataSource;

    public MeetingDeliveries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Object> list(long meetingId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM meetings WHERE id = ?")) {
                exists.setLong(1, meetingId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("no meeting with id " + meetingId);
                    }
                }
            }
            List<Map<String, Object>> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.id, d.received_at, d.event_type, d.outcome, d.error
                      FROM webhook_deliveries d
                      JOIN calendly_meetings cm ON cm.invitee_uri = d.invitee_uri
                     WHERE cm.meeting_id = ?
                     ORDER BY d.id LIMIT 500""")) {
                ps.setLong(1, meetingId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(DeliveryLog.summary(rs));
                    }
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("meetingId", meetingId);
            answer.put("items", items);
            return answer;
        }
    }
}
