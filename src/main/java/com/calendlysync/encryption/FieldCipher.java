package com.calendlysync.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.util.SecretBytes;

/**
 * Seals and opens personal values with Google Tink's AES-SIV (deterministic authenticated
 * encryption, RFC 5297) under the configured keys. Each value is bound to where it is stored by
 * its associated data (table, column and the row's own key), so a ciphertext copied into another
 * row or column does not open. Deterministic: the same value in the same place seals to the same
 * text, so "nothing changed" still means nothing changed (retries stay 'unchanged', the audit
 * trail records no false edits), while equal values in two rows look unrelated.
 * A sealed text reads {@code enc:<keyId>:<base64>}; sealed bytes are the same text in UTF-8.
 */
public final class FieldCipher {

    private static final String PREFIX = "enc:";
    private static final byte[] CIPHER_INFO = "calendly-sync field cipher v1".getBytes(StandardCharsets.UTF_8);

    private final String primaryId;
    private final Map<String, DeterministicAead> ciphers = new LinkedHashMap<>();

    public FieldCipher(EncryptionKeys keys) {
        if (!keys.enabled()) {
            throw new IllegalArgumentException("no encryption keys");
        }
        this.primaryId = keys.primaryId();
        try {
            for (String id : keys.ids()) {
                byte[] derived = Hkdf.computeHkdf("HMACSHA256", keys.key(id), null, CIPHER_INFO, 64);
                AesSivKey key = AesSivKey.builder()
                        .setParameters(AesSivParameters.builder().setKeySizeBytes(64)
                                .setVariant(AesSivParameters.Variant.NO_PREFIX).build())
                        .setKeyBytes(SecretBytes.copyFrom(derived, InsecureSecretKeyAccess.get()))
                        .build();
                Arrays.fill(derived, (byte) 0);
                ciphers.put(id, AesSiv.create(key));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot make an AES-SIV cipher: " + e.getMessage(), e);
        }
    }

    public String primaryId() {
        return primaryId;
    }

    public boolean knows(String keyId) {
        return ciphers.containsKey(keyId);
    }

    /** The value sealed with the primary key for this place, or null for null. */
    public String seal(String value, Place place) {
        return value == null ? null : sealWith(primaryId, value.getBytes(StandardCharsets.UTF_8), place);
    }

    public byte[] sealBytes(byte[] value, Place place) {
        return value == null ? null : sealWith(primaryId, value, place).getBytes(StandardCharsets.UTF_8);
    }

    /** The clear value of a text this cipher sealed for this place; fails if it was sealed elsewhere. */
    public String open(String sealed, Place place) {
        return sealed == null ? null : new String(openRaw(sealed, place), StandardCharsets.UTF_8);
    }

    public byte[] openBytes(byte[] sealed, Place place) {
        return sealed == null ? null : openRaw(new String(sealed, StandardCharsets.UTF_8), place);
    }

    /** Whether this text has the shape of a sealed value (it may still fail to open). */
    public static boolean looksSealed(String text) {
        return text != null && text.startsWith(PREFIX) && text.indexOf(':', PREFIX.length()) > PREFIX.length();
    }

    /** The id of the key that sealed this text. */
    public static String keyIdOf(String sealed) {
        if (!looksSealed(sealed)) {
            throw new UndecryptableValueException("a value that should be sealed is not");
        }
        return sealed.substring(PREFIX.length(), sealed.indexOf(':', PREFIX.length()));
    }

    private String sealWith(String keyId, byte[] value, Place place) {
        try {
            byte[] sealed = ciphers.get(keyId).encryptDeterministically(value, place.associatedData());
            return PREFIX + keyId + ":" + Base64.getEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
        }
    }

    private byte[] openRaw(String sealed, Place place) {
        String keyId = keyIdOf(sealed);
        DeterministicAead cipher = ciphers.get(keyId);
        if (cipher == null) {
            throw new UndecryptableValueException("a value in " + place.describe() + " is sealed with key id '" + keyId
                    + "', which CALENDLY_ENCRYPTION_KEYS no longer holds");
        }
        try {
            byte[] body = Base64.getDecoder().decode(sealed.substring(PREFIX.length() + keyId.length() + 1));
            return cipher.decryptDeterministically(body, place.associatedData());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UndecryptableValueException("a value in " + place.describe()
                    + " does not open with key id '" + keyId + "': it was sealed for another row or column, or altered");
        }
    }

    /** Where a value is stored: its table, column and the row's own key (the associated data). */
    public record Place(String table, String column, String row) {
        byte[] associatedData() {
            return (table + "\u0000" + column + "\u0000" + row).getBytes(StandardCharsets.UTF_8);
        }

        String describe() {
            return table + "." + column;
        }
    }
}
