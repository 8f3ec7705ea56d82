package com.calendlysync.privacy;

import java.util.Iterator;
import java.util.Set;

import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/** The JSON object a privacy request sends, with only the fields it may have (400 naming any other). */
final class RequestFields {

    private RequestFields() {
    }

    static JsonNode of(Exchange exchange, Set<String> allowed) {
        String text = exchange.getMessage().getBody(String.class);
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object with the fields " + String.join(", ", allowed));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "'; fields are " + String.join(", ", allowed));
            }
        }
        return body;
    }

    /** Optional text of at most max characters. */
    static String text(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be text");
        }
        if (value.asText().length() > max) {
            throw ApiException.badRequest("field '" + field + "' must be at most " + max + " characters");
        }
        return value.asText();
    }
}
