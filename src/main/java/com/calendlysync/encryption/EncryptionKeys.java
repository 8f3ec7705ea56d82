package com.calendlysync.encryption;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.calendlysync.settings.StartRefusal;

/**
 * CALENDLY_ENCRYPTION_KEYS: one or more comma-separated {@code keyId:base64(32 random bytes)}.
 * The first is the primary key (it seals new writes); the others still open what they sealed,
 * so a rotation puts a new key first. A new key: {@code echo "k$(date +%Y%m%d):$(openssl rand -base64 32)"}.
 * Malformed input stops the start with a message naming the key id, never a key.
 */
public record EncryptionKeys(String primaryId, Map<String, byte[]> keys) {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    public static final String NEW_KEY_COMMAND = "echo \"k$(date +%Y%m%d):$(openssl rand -base64 32)\"";

    /** No keys configured: personal data is stored in clear. */
    public static final EncryptionKeys NONE = new EncryptionKeys(null, Map.of());

    public boolean enabled() {
        return primaryId != null;
    }

    public byte[] key(String id) {
        return keys.get(id);
    }

    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    public static EncryptionKeys parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String primary = null;
        int position = 0;
        for (String entry : setting.split(",")) {
            position++;
            String item = entry.trim();
            int colon = item.indexOf(':');
            String id = colon < 0 ? "" : item.substring(0, colon).trim();
            if (item.isEmpty() || colon < 0 || !KEY_ID.matcher(id).matches()) {
                throw new StartRefusal("CALENDLY_ENCRYPTION_KEYS: entry " + position + (id.isEmpty() ? "" : " (key id '" + safe(id) + "')")
                        + " is not keyId:base64 with a key id of 1 to 32 letters, digits, '-' or '_'. Make a key with: "
                        + NEW_KEY_COMMAND);
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(item.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new StartRefusal("CALENDLY_ENCRYPTION_KEYS: key id '" + id + "' is not valid base64. Make a key with: "
                        + NEW_KEY_COMMAND);
            }
            if (key.length != 32) {
                throw new StartRefusal("CALENDLY_ENCRYPTION_KEYS: key id '" + id + "' has " + key.length
                        + " bytes; a key is 32 random bytes in base64. Make one with: " + NEW_KEY_COMMAND);
            }
            if (keys.putIfAbsent(id, key) != null) {
                throw new StartRefusal("CALENDLY_ENCRYPTION_KEYS: key id '" + id + "' is given twice");
            }
            if (primary == null) {
                primary = id;
            }
        }
        return new EncryptionKeys(primary, keys);
    }

    private static String safe(String id) {
        return id.length() > 32 ? id.substring(0, 32) + "..." : id;
    }

    @Override
    public String toString() {
        return enabled() ? "keys " + keys.keySet() + ", primary " + primaryId : "no keys";
    }
}
