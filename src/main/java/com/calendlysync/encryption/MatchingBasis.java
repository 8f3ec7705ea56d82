package com.calendlysync.encryption;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import com.calendlysync.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the matching rules read of sealed meetings (encryption at rest): the invitee's email and
 * answers, opened for one re-matching call and passed to company_relink_meetings as its basis,
 * never stored in clear. Rows in clear need none: the database reads them itself.
 */
public final class MatchingBasis {

    private final SealedValues sealed;

    public MatchingBasis(SealedValues sealed) {
        this.sealed = sealed;
    }

    /** {"<meeting id>": {"email", "answers"}} for the sealed ones among these meetings; null when there are none. */
    public String of(Connection c, List<Long> meetingIds) throws SQLException {
        if (!sealed.sealing() || meetingIds.isEmpty()) {
            return null;
        }
        ObjectNode basis = Json.MAPPER.createObjectNode();
        try (PreparedStatement ps = c.prepareStatement("SELECT meeting_id, invitee_uri, sealed_by, invitee_email, "
                + "questions_and_answers FROM calendly_meetings WHERE meeting_id = ANY (?) AND sealed_by IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("bigint", meetingIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String uri = rs.getString("invitee_uri");
                    String by = rs.getString("sealed_by");
                    ObjectNode one = basis.putObject(String.valueOf(rs.getLong("meeting_id")));
                    one.put("email", sealed.text(rs.getString("invitee_email"), by, PersonalFields.calendly("invitee_email", uri)));
                    one.put("answers", sealed.jsonText(rs.getString("questions_and_answers"), by,
                            PersonalFields.calendly("questions_and_answers", uri)));
                }
            }
        }
        if (basis.isEmpty()) {
            return null;
        }
        // answers travel as JSON, not as a string holding JSON
        basis.fields().forEachRemaining(e -> {
            ObjectNode one = (ObjectNode) e.getValue();
            try {
                one.set("answers", one.hasNonNull("answers") ? Json.MAPPER.readTree(one.get("answers").asText()) : null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new UndecryptableValueException("sealed answers that are not JSON");
            }
        });
        return basis.toString();
    }
}
