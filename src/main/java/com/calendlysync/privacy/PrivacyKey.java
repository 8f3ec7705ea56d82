package com.calendlysync.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key of the keyed hashes (audit commitments, the withheld-people list). It lives in
 * privacy_keys, outside the audit table, readable only by the schema owner (the app role and a
 * copy of audit_log alone cannot recompute a commitment). CALENDLY_PRIVACY_KEY sets it; unset,
 * one is generated on first use and kept there. A configured key that differs from the one the
 * stored data was hashed with stops the start: the withheld list and the commitments would no
 * longer match.
 */
public final class PrivacyKey {

    private static final Logger LOG = LoggerFactory.getLogger("com.calendlysync.privacy");

    private PrivacyKey() {
    }

    /** Run as the schema owner, at start. */
    public static String ensure(Connection owner, String configured) throws SQLException {
        if (configured != null && configured.length() < 32) {
            throw new IllegalArgumentException("CALENDLY_PRIVACY_KEY must be at least 32 characters; "
                    + "generate one with: openssl rand -base64 48");
        }
        byte[] wanted = configured == null ? null : configured.getBytes(StandardCharsets.UTF_8);
        byte[] stored = null;
        String source = null;
        try (PreparedStatement ps = owner.prepareStatement("SELECT key, source FROM privacy_keys WHERE name = 'hmac'");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                stored = rs.getBytes("key");
                source = rs.getString("source");
            }
        }
        if (wanted == null) {
            if (stored == null) {
                try (PreparedStatement ps = owner.prepareStatement("SELECT privacy_key()")) {
                    ps.execute();
                }
                return "generated (kept in table privacy_keys; set CALENDLY_PRIVACY_KEY to choose one)";
            }
            return "configured".equals(source) ? "as configured earlier (kept in table privacy_keys)"
                    : "generated (kept in table privacy_keys)";
        }
        if (stored != null && MessageDigest.isEqual(stored, wanted)) {
            return "CALENDLY_PRIVACY_KEY";
        }
        if (stored != null && (!"generated".equals(source) || hashedWith(owner))) {
            throw new IllegalStateException("CALENDLY_PRIVACY_KEY differs from the key the stored data was hashed with "
                    + "(erased people and audit commitments would no longer match). Set it back, or unset it to keep using "
                    + "the key in table privacy_keys.");
        }
        try (PreparedStatement ps = owner.prepareStatement("INSERT INTO privacy_keys (name, key, source) VALUES ('hmac', ?, "
                + "'configured') ON CONFLICT (name) DO UPDATE SET key = excluded.key, source = 'configured', created_at = now()")) {
            ps.setBytes(1, wanted);
            ps.executeUpdate();
        }
        LOG.info("CALENDLY_PRIVACY_KEY adopted");
        return "CALENDLY_PRIVACY_KEY";
    }

    private static boolean hashedWith(Connection owner) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement("SELECT EXISTS (SELECT 1 FROM privacy_subjects) "
                + "OR EXISTS (SELECT 1 FROM audit_log WHERE hash IS NOT NULL)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
