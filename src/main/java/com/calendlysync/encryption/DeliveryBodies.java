package com.calendlysync.encryption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The raw bytes of webhook deliveries at rest. With encryption on, a body is sealed and bound to
 * a random reference stored beside it (chosen before the row exists), and the keyed lookups of
 * every email it mentions are kept, so an erasure or a subject export still finds the failed and
 * ignored deliveries that carried a person.
 */
public final class DeliveryBodies {

    private final Encryption encryption;

    public DeliveryBodies(Encryption encryption) {
        this.encryption = encryption;
    }

    public boolean sealing() {
        return encryption.enabled();
    }

    /** The body as stored when encryption is on; null when it is off. */
    public Sealed seal(byte[] raw) {
        if (!encryption.enabled() || raw == null) {
            return null;
        }
        String ref = UUID.randomUUID().toString();
        byte[] sealed = encryption.cipher().sealBytes(raw, PersonalFields.rawBody(ref));
        Set<String> emails = MentionedEmails.in(new String(raw, StandardCharsets.UTF_8), 50);
        List<byte[]> keys = new ArrayList<>();
        for (String email : emails) {
            keys.add(encryption.lookup("email", email));
        }
        return new Sealed(sealed, encryption.cipher().primaryId(), ref, keys.toArray(new byte[0][]));
    }

    /** The clear bytes of a stored body: as stored when it is not sealed. */
    public byte[] open(byte[] stored, String sealedBy, String sealRef) {
        if (stored == null || sealedBy == null) {
            return stored;
        }
        if (!encryption.enabled()) {
            throw new UndecryptableValueException("a delivery body is sealed with key id '" + sealedBy
                    + "' but encryption is off");
        }
        return encryption.cipher().openBytes(stored, PersonalFields.rawBody(sealRef));
    }

    /** A sealed body read as text (a JSON document carries it so), opened. */
    public static byte[] openWith(SealedValues sealed, String stored, String sealedBy, String sealRef) {
        return sealed.text(stored, sealedBy, PersonalFields.rawBody(sealRef)).getBytes(StandardCharsets.UTF_8);
    }

    /** A sealed body: the bytes to store, the key id, the reference it is bound to, the keyed emails. */
    public record Sealed(byte[] body, String sealedBy, String sealRef, byte[][] subjectKeys) {
    }
}
