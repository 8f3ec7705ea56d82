package com.calendlysync.encryption;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

import com.calendlysync.settings.StartRefusal;

/**
 * The key of the blind indexes (the keyed lookups that find a sealed invitee by email or name
 * word, and feed the matching rules). It is random, made once, and stored only sealed by an
 * encryption key, so it stays the same across rotations (the lookups stay valid) and a dump of
 * the database cannot compute it. A rotation re-seals it with the new primary key at start.
 */
public final class IndexKey {

    private static final FieldCipher.Place PLACE = new FieldCipher.Place("encryption_index_key", "sealed_key", "1");

    private IndexKey() {
    }

    /** The index key, made on first use; run as the schema owner, before the pool opens. */
    public static byte[] ensure(Connection owner, FieldCipher cipher) throws SQLException {
        String sealedBy = null;
        String sealed = null;
        try (PreparedStatement ps = owner.prepareStatement("SELECT sealed_by, sealed_key FROM encryption_index_key");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                sealedBy = rs.getString(1);
                sealed = rs.getString(2);
            }
        }
        if (sealed == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try (PreparedStatement ps = owner.prepareStatement("INSERT INTO encryption_index_key (sealed_by, sealed_key) VALUES (?, ?) "
                    + "ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, cipher.primaryId());
                ps.setString(2, cipher.seal(Base64.getEncoder().encodeToString(key), PLACE));
                if (ps.executeUpdate() == 1) {
                    return key;
                }
            }
            return ensure(owner, cipher);
        }
        if (!cipher.knows(sealedBy)) {
            throw new StartRefusal("The database's lookup index key is sealed with encryption key id '" + sealedBy
                    + "', which CALENDLY_ENCRYPTION_KEYS does not hold: add that key back (after the new primary key) and start again.");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(cipher.open(sealed, PLACE).getBytes(StandardCharsets.US_ASCII));
        } catch (UndecryptableValueException e) {
            throw new StartRefusal("The database's lookup index key does not open with encryption key id '" + sealedBy
                    + "': the key with that id is not the one that sealed it. Restore the right key for id '" + sealedBy + "'.");
        }
        if (!sealedBy.equals(cipher.primaryId())) {
            try (PreparedStatement ps = owner.prepareStatement(
                    "UPDATE encryption_index_key SET sealed_by = ?, sealed_key = ?, updated_at = now()")) {
                ps.setString(1, cipher.primaryId());
                ps.setString(2, cipher.seal(Base64.getEncoder().encodeToString(key), PLACE));
                ps.executeUpdate();
            }
        }
        return key;
    }
}
