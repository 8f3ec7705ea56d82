package com.calendlysync.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Calendly's text as PostgreSQL can hold it. PostgreSQL text and jsonb cannot hold the NUL
 * character; Calendly's data is what it is, and a signed delivery is never lost, so NUL is kept
 * as U+FFFD (the replacement character) in every column and JSON copy, while the exact bytes
 * stay in the stored raw delivery. A value that goes into an index is kept to a byte length the
 * index can take.
 */
public final class PostgresText {

    static final char NUL = '\u0000';
    static final char REPLACEMENT = '\uFFFD';

    private PostgresText() {
    }

    public static String clean(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }

    /** The node itself when it holds no NUL anywhere (the usual case), else a cleaned copy. */
    public static JsonNode clean(JsonNode node) {
        return node == null || !holdsNul(node) ? node : copy(node);
    }

    /** At most maxBytes of UTF-8, cut at a character boundary. */
    static String clip(String text, int maxBytes) {
        if (text == null || text.length() * 3 <= maxBytes) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean holdsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf(NUL) >= 0;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().indexOf(NUL) >= 0 || holdsNul(field.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (holdsNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode copy(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(clean(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(clean(field.getKey()), copy(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(copy(item)));
            return copy;
        }
        return node;
    }
}
