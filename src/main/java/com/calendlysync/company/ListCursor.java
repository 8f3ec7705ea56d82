package com.calendlysync.company;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the next page of a customer, employee or project list starts: the (name, id) of the
 * last record sent, as the lists sort. Opaque to callers (base64url JSON); anything else is a 400.
 */
public record ListCursor(String name, long id) {

    public String encode() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("n", name);
        fields.put("i", id);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(fields));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ListCursor decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
            if (node != null && node.path("n").isTextual() && node.path("i").canConvertToLong()
                    && node.get("n").asText().indexOf('\0') < 0) {
                return new ListCursor(node.get("n").asText(), node.get("i").asLong());
            }
        } catch (Exception e) {
            // answered below
        }
        throw ApiException.badRequest("parameter 'cursor' is not a cursor this API gave out (use nextCursor from the previous page)");
    }
}
