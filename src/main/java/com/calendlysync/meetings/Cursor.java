package com.calendlysync.meetings;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where the next page starts: the sort it belongs to and the (key, id) of the last row sent.
 * Opaque to callers (base64url JSON); a cursor made for another sort, or tampered with, is a 400.
 */
public record Cursor(String sort, String key, long id) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String encode() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("s", sort);
        fields.put("k", key);
        fields.put("i", id);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(fields));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Cursor decode(String text, MeetingSort sort) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
            if (node != null && node.path("s").isTextual() && node.path("k").isTextual() && node.path("i").canConvertToLong()) {
                Cursor cursor = new Cursor(node.get("s").asText(), node.get("k").asText(), node.get("i").asLong());
                if (!cursor.sort.equals(sort.parameter())) {
                    throw ApiException.badRequest("parameter 'cursor' belongs to sort '" + cursor.sort
                            + "'; send the same sort with it, or start again without a cursor");
                }
                return cursor;
            }
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            // answered below
        }
        throw ApiException.badRequest("parameter 'cursor' is not a cursor this API gave out (use nextCursor from the previous page)");
    }
}
