package com.calendlysync.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.calendlysync.settings.StartRefusal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cipher and the key setting alone: sealing, binding to a place, rotation, malformed keys. */
@Tag("fast")
class FieldCipherTest {

    private static final FieldCipher.Place EMAIL_OF_A = PersonalFields.calendly("invitee_email", "https://x/invitees/a");
    private static final FieldCipher.Place EMAIL_OF_B = PersonalFields.calendly("invitee_email", "https://x/invitees/b");

    private static FieldCipher cipher(String keys) {
        return new FieldCipher(EncryptionKeys.parse(keys));
    }

    @Test
    void aSealedValueOpensOnlyWhereItWasSealed() {
        FieldCipher k1 = cipher(EncryptionAtRestTest.K1);
        String sealed = k1.seal("jordan.ellis@example.com", EMAIL_OF_A);
        assertTrue(sealed.startsWith("enc:k1:"), sealed);
        assertFalse(sealed.contains("jordan"), sealed);
        assertEquals("jordan.ellis@example.com", k1.open(sealed, EMAIL_OF_A));
        // deterministic in one place, unrelated in another row or column
        assertEquals(sealed, k1.seal("jordan.ellis@example.com", EMAIL_OF_A));
        assertNotEquals(sealed, k1.seal("jordan.ellis@example.com", EMAIL_OF_B));
        assertNotEquals(sealed, k1.seal("jordan.ellis@example.com", PersonalFields.calendly("invitee_name", "https://x/invitees/a")));
        UndecryptableValueException copied = assertThrows(UndecryptableValueException.class, () -> k1.open(sealed, EMAIL_OF_B));
        assertTrue(copied.getMessage().contains("calendly_meetings.invitee_email"), copied.getMessage());
        // an altered ciphertext does not open either
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");
        assertThrows(UndecryptableValueException.class, () -> k1.open(altered, EMAIL_OF_A));
        byte[] body = "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(body, StandardCharsets.UTF_8),
                new String(k1.openBytes(k1.sealBytes(body, PersonalFields.rawBody("r1")), PersonalFields.rawBody("r1")), StandardCharsets.UTF_8));
    }

    @Test
    void aRotationSealsWithTheNewKeyAndStillOpensTheOld() {
        String old = cipher(EncryptionAtRestTest.K1).seal("Morgan Blake", EMAIL_OF_A);
        FieldCipher rotated = cipher(EncryptionAtRestTest.K2 + ", " + EncryptionAtRestTest.K1);
        assertEquals("Morgan Blake", rotated.open(old, EMAIL_OF_A));
        assertTrue(rotated.seal("Morgan Blake", EMAIL_OF_A).startsWith("enc:k2:"));
        UndecryptableValueException gone = assertThrows(UndecryptableValueException.class,
                () -> cipher(EncryptionAtRestTest.K2).open(old, EMAIL_OF_A));
        assertTrue(gone.getMessage().contains("key id 'k1'"), gone.getMessage());
    }

    @Test
    void malformedKeysAreRefusedNamingTheirIdNeverTheKey() {
        assertEquals("CALENDLY_ENCRYPTION_KEYS: key id 'short' has 3 bytes; a key is 32 random bytes in base64. Make one with: "
                + EncryptionKeys.NEW_KEY_COMMAND, assertThrows(StartRefusal.class, () -> EncryptionKeys.parse("short:YWJj")).getMessage());
        assertTrue(assertThrows(StartRefusal.class, () -> EncryptionKeys.parse("k9:not*base64"))
                .getMessage().contains("key id 'k9' is not valid base64"));
        assertTrue(assertThrows(StartRefusal.class, () -> EncryptionKeys.parse(EncryptionAtRestTest.K1 + "," + EncryptionAtRestTest.K1))
                .getMessage().contains("key id 'k1' is given twice"));
        String noId = assertThrows(StartRefusal.class, () -> EncryptionKeys.parse("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="))
                .getMessage();
        assertTrue(noId.contains("entry 1") && !noId.contains("AQID"), noId);
        assertFalse(EncryptionKeys.parse("  ").enabled());
        assertEquals("k2", EncryptionKeys.parse(EncryptionAtRestTest.K2 + "," + EncryptionAtRestTest.K1).primaryId());
    }
}
