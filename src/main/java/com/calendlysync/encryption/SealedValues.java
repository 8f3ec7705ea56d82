package com.calendlysync.encryption;

import com.calendlysync.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads personal values as they are stored: a row whose sealed_by is null holds them in clear;
 * a sealed row's values are opened for the place they were read from (a value that does not open
 * stops the answer: the app never serves it). Values a withheld person's row kept in clear
 * (anonymised remains, or a row both sealed and clear after encryption was turned on, marked
 * 'mixed') are served as they are.
 */
public final class SealedValues {

    private final Encryption encryption;

    public SealedValues(Encryption encryption) {
        this.encryption = encryption;
    }

    /** Whether rows may be sealed (encryption at rest is on). */
    public boolean sealing() {
        return encryption.enabled();
    }

    /**
     * The keyed lookups the meeting list's text filter asks for: the exact email when it has an @,
     * else every word of a name (split as calendly_name_words does); null when encryption is off.
     */
    public byte[][] textLookups(String text) {
        if (!encryption.enabled() || text == null) {
            return null;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("@")) {
            return new byte[][] {encryption.lookup("email", lower.strip())};
        }
        java.util.List<byte[]> keys = new java.util.ArrayList<>();
        for (String word : new java.util.LinkedHashSet<>(java.util.List.of(lower.split("[^\\p{L}\\p{N}'-]+")))) {
            if (!word.isEmpty()) {
                keys.add(encryption.lookup("name", word));
            }
        }
        return keys.isEmpty() ? null : keys.toArray(new byte[0][]);
    }

    public String text(String stored, String sealedBy, FieldCipher.Place place) {
        if (sealedBy == null || !FieldCipher.looksSealed(stored)) {
            return stored;
        }
        if (!encryption.enabled()) {
            throw new UndecryptableValueException("a value in " + place.table() + "." + place.column()
                    + " is sealed but encryption is off");
        }
        return encryption.cipher().open(stored, place);
    }

    /** A sealed jsonb column: stored as a JSON string holding the sealed text of the JSON value. */
    public JsonNode json(JsonNode stored, String sealedBy, FieldCipher.Place place) {
        if (stored == null || !stored.isTextual() || sealedBy == null || !FieldCipher.looksSealed(stored.asText())) {
            return stored;
        }
        try {
            return Json.MAPPER.readTree(text(stored.asText(), sealedBy, place));
        } catch (JsonProcessingException e) {
            throw new UndecryptableValueException("a sealed value in " + place.table() + "." + place.column() + " is not JSON");
        }
    }

    /** The same for a jsonb column read as text. */
    public String jsonText(String stored, String sealedBy, FieldCipher.Place place) {
        if (stored == null || sealedBy == null || !stored.startsWith("\"enc:")) {
            return stored;
        }
        try {
            return text(Json.MAPPER.readTree(stored).asText(), sealedBy, place);
        } catch (JsonProcessingException e) {
            throw new UndecryptableValueException("a sealed value in " + place.table() + "." + place.column() + " is not JSON");
        }
    }

    /** Opens the named fields of a JSON object in place (text and JSON fields alike). */
    public void openFields(ObjectNode node, String sealedBy, String table, String row, Iterable<String> columns,
                           java.util.function.UnaryOperator<String> fieldName) {
        if (node == null || sealedBy == null) {
            return;
        }
        for (String column : columns) {
            String field = fieldName.apply(column);
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || !FieldCipher.looksSealed(value.asText())) {
                continue;
            }
            FieldCipher.Place place = new FieldCipher.Place(table, column, row);
            String clear = text(value.asText(), sealedBy, place);
            if (PersonalFields.CALENDLY_JSON.contains(column) && PersonalFields.CALENDLY.equals(table)) {
                try {
                    node.set(field, Json.MAPPER.readTree(clear));
                } catch (JsonProcessingException e) {
                    throw new UndecryptableValueException("a sealed value in " + table + "." + column + " is not JSON");
                }
            } else {
                node.put(field, clear);
            }
        }
    }
}
