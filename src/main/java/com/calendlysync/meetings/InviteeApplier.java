package com.calendlysync.meetings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.encryption.DeliveryBodies;
import com.calendlysync.encryption.InviteeSealer;
import com.calendlysync.json.Json;
import com.calendlysync.mapping.MappedInvitee;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bean {@code inviteeApplier}: the one way a mapped Calendly invitee becomes records. A webhook
 * delivery is stored, deduplicated and applied in one transaction ({@link #ingest}); an import or
 * reconciliation listing, a two-way cancel and a replay apply through the same database function
 * ({@link #apply}). Each runs in one transaction that names its {@link Actor} for the audit
 * trail. Customer and host matching happen inside it (R__company_matching.sql), unless
 * the company configured a customer match query of its own ({@link CustomerMatchQuery}).
 */
public final class InviteeApplier {

    private static final String INGEST = "SELECT status, delivery_id, meeting_id, calendly_meeting_id, change "
            + "FROM calendly_ingest_delivery(?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?)";
    private static final String APPLY = "SELECT meeting_id, calendly_meeting_id, change FROM calendly_apply_invitee(CAST(? AS jsonb))";

    private final DataSource dataSource;
    private final CustomerMatchQuery customerMatchQuery;
    private final InviteeSealer sealer;
    private final DeliveryBodies bodies;

    public InviteeApplier(DataSource dataSource, CustomerMatchQuery customerMatchQuery, InviteeSealer sealer,
                          DeliveryBodies bodies) {
        this.dataSource = dataSource;
        this.customerMatchQuery = customerMatchQuery;
        this.sealer = sealer;
        this.bodies = bodies;
    }

    /**
     * A signed webhook delivery about an invitee: the answer says whether it counted
     * ('processed') or repeated one that did ('duplicate'), and what became of the meeting.
     */
    public Map<String, Object> ingest(byte[] rawBody, String eventType, String dedupeKey, MappedInvitee invitee,
                                      Actor actor) throws SQLException {
        // one statement, so one round trip: the function names the actor itself (autocommit)
        try (Connection c = dataSource.getConnection()) {
            String record = record(c, invitee);
            try (PreparedStatement ps = c.prepareStatement(INGEST)) {
                ps.setBytes(1, rawBody);
                ps.setString(2, eventType);
                ps.setString(3, dedupeKey);
                ps.setString(4, record);
                ps.setString(5, actor.json());
                DeliveryBodies.Sealed sealed = bodies.seal(rawBody);
                ps.setBytes(6, sealed == null ? null : sealed.body());
                ps.setString(7, sealed == null ? null : sealed.sealedBy());
                ps.setString(8, sealed == null ? null : sealed.sealRef());
                ps.setArray(9, c.createArrayOf("bytea", sealed == null ? new byte[0][] : sealed.subjectKeys()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("status", rs.getString("status"));
                    result.put("deliveryId", rs.getLong("delivery_id"));
                    result.put("meetingId", rs.getObject("meeting_id"));
                    result.put("calendlyMeetingId", rs.getObject("calendly_meeting_id"));
                    result.put("change", rs.getString("change"));
                    return result;
                }
            }
        }
    }

    /** An invitee from any other source: 'created', 'updated' or 'unchanged'. */
    public String apply(MappedInvitee invitee, Actor actor) throws SQLException {
        return applied(invitee, actor).change();
    }

    /** As {@link #apply}, with the meeting it landed on. */
    public Applied applied(MappedInvitee invitee, Actor actor) throws SQLException {
        return ActingTransaction.run(dataSource, actor, c -> {
            String record = record(c, invitee);
            try (PreparedStatement ps = c.prepareStatement(APPLY)) {
                ps.setString(1, record);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Applied(rs.getLong("meeting_id"), rs.getLong("calendly_meeting_id"), rs.getString("change"));
                }
            }
        });
    }

    /** What applying did: the meeting, its Calendly row and the change. */
    public record Applied(long meetingId, long calendlyMeetingId, String change) {
    }

    /**
     * The mapped record, with the company's own customer match when one is configured, its
     * personal values sealed when encryption is on.
     */
    private String record(Connection connection, MappedInvitee invitee) throws SQLException {
        return sealer.record(matched(connection, invitee));
    }

    private String matched(Connection connection, MappedInvitee invitee) throws SQLException {
        if (!customerMatchQuery.configured()) {
            return invitee.record();
        }
        Long customerId = customerMatchQuery.customerOf(connection, invitee.email());
        try {
            ObjectNode record = (ObjectNode) Json.MAPPER.readTree(invitee.record());
            record.putObject("customer").put("id", customerId);
            return record.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the mapper made a record that is not JSON", e);
        }
    }
}
