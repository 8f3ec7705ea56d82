package com.calendlysync.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.calendlysync.settings.StartRefusal;

/**
 * Bean {@code encryption}: whether personal data is sealed at rest, with which keys, and the
 * lookup (blind index) key. Off when CALENDLY_ENCRYPTION_KEYS is empty. The database sessions
 * of the pool carry the lookup key as the setting calendly.index_key (sent when the connection
 * opens, never in a statement), so the database rules compute the same lookups
 * (R__calendly_encryption.sql: calendly_index) as {@link #lookup}.
 */
public final class Encryption {

    public static final String SESSION_SETTING = "calendly.index_key";

    private final EncryptionKeys keys;
    private final FieldCipher cipher;
    private byte[] indexKey;

    public Encryption(EncryptionKeys keys) {
        this.keys = keys;
        this.cipher = keys.enabled() ? new FieldCipher(keys) : null;
    }

    public boolean enabled() {
        return cipher != null;
    }

    /** The cipher; only when {@link #enabled()}. */
    public FieldCipher cipher() {
        if (cipher == null) {
            throw new IllegalStateException("encryption is off");
        }
        return cipher;
    }

    public String primaryKeyId() {
        return keys.primaryId();
    }

    public List<String> keyIds() {
        return keys.ids();
    }

    /**
     * Checks the keys against what the database holds and loads the lookup key; run as the schema
     * owner before the pool opens. Answers the settings each pooled session must carry.
     */
    public Map<String, String> prepare(Connection owner) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = owner.prepareStatement(
                "SELECT key_id FROM encryption_keys_used WHERE retired_at IS NULL ORDER BY first_used");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!enabled() || !cipher.knows(rs.getString(1))) {
                    missing.add(rs.getString(1));
                }
            }
        }
        if (!missing.isEmpty()) {
            String ids = String.join("', '", missing);
            throw new StartRefusal(enabled()
                    ? "The database holds personal data sealed with encryption key id '" + ids + "', which CALENDLY_ENCRYPTION_KEYS "
                      + "does not hold: add it back after the primary key, and remove it only once the re-encryption job has moved every row."
                    : "The database holds personal data sealed with encryption key id '" + ids + "', but CALENDLY_ENCRYPTION_KEYS is "
                      + "not set: set it (with that key) so the app neither serves sealed values nor writes clear text beside them.");
        }
        if (!enabled()) {
            return Map.of();
        }
        indexKey = IndexKey.ensure(owner, cipher);
        try (PreparedStatement ps = owner.prepareStatement("INSERT INTO encryption_keys_used (key_id) VALUES (?) "
                + "ON CONFLICT (key_id) DO UPDATE SET retired_at = NULL")) {
            ps.setString(1, cipher.primaryId());
            ps.executeUpdate();
        }
        return Map.of(SESSION_SETTING, HexFormat.of().formatHex(indexKey));
    }

    /** The keyed lookup of a normalised value of this kind, as the database computes it; null when off or empty. */
    public byte[] lookup(String kind, String normalised) {
        if (indexKey == null || normalised == null || normalised.isEmpty()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(indexKey, "HmacSHA256"));
            return mac.doFinal((kind + ":" + normalised).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** For the start-up log: on or off, the primary key id and how many keys; never a key. */
    public String describe() {
        if (!enabled()) {
            return "off (personal data stored in clear; set CALENDLY_ENCRYPTION_KEYS to seal it; a key: "
                    + EncryptionKeys.NEW_KEY_COMMAND + ")";
        }
        return "on, primary key id '" + keys.primaryId() + "'" + (keys.ids().size() > 1
                ? ", older key ids " + keys.ids().subList(1, keys.ids().size()) + " still open what they sealed" : "");
    }
}
