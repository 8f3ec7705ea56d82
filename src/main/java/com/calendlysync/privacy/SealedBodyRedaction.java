package com.calendlysync.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.calendlysync.encryption.DeliveryBodies;

/**
 * Before an erasure or a do-not-keep wish: the sealed delivery bodies about the person
 * (encryption at rest) are opened and stored redacted (privacy_redacted_body), as clear bodies
 * are, so a failed one can still be replayed without the person. The database cannot redact a
 * sealed body field by field; left sealed, the erasure would empty it.
 */
public final class SealedBodyRedaction {

    private static final String SEALED_BODIES = "SELECT d.id, d.raw_body, d.sealed_by, d.seal_ref FROM webhook_deliveries d "
            + "WHERE d.sealed_by IS NOT NULL AND (d.invitee_uri IN (SELECT c.invitee_uri FROM calendly_meetings c "
            + "WHERE c.id = ANY (privacy_invitees_of(?))) OR d.subject_keys @> ARRAY[calendly_email_lookup(?)])";

    private final DeliveryBodies bodies;

    public SealedBodyRedaction(DeliveryBodies bodies) {
        this.bodies = bodies;
    }

    /** Redacts them in the caller's transaction; answers how many. */
    public int redact(Connection c, String email) throws SQLException {
        if (!bodies.sealing()) {
            return 0;
        }
        int redacted = 0;
        try (PreparedStatement find = c.prepareStatement(SEALED_BODIES);
             PreparedStatement store = c.prepareStatement("UPDATE webhook_deliveries SET raw_body = privacy_redacted_body(?), "
                     + "sealed_by = NULL, seal_ref = NULL, subject_keys = '{}' WHERE id = ?")) {
            find.setString(1, email);
            find.setString(2, email);
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    store.setBytes(1, bodies.open(rs.getBytes("raw_body"), rs.getString("sealed_by"), rs.getString("seal_ref")));
                    store.setLong(2, rs.getLong("id"));
                    store.addBatch();
                    redacted++;
                }
            }
            if (redacted > 0) {
                store.executeBatch();
            }
        }
        return redacted;
    }
}
