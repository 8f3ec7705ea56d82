package com.calendlysync.web;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * The JSON body of an API request, read the same way by every endpoint that takes one: sent
 * as application/json (415 otherwise), one object, each field name at most once, and no NUL
 * character in any name or text (PostgreSQL text cannot hold it). Every problem is a 400 in
 * the caller's terms (where the JSON breaks, that it is nested too deeply or a number is too
 * long, which field is wrong), never the parser's own wording or class names.
 */
public final class JsonBody {

    /** Our request bodies are flat objects; anything deeper is not one of them. */
    static final int MAX_DEPTH = 32;
    /** A bigint has 19 digits; a longer number can be nothing a field takes. */
    static final int MAX_NUMBER_LENGTH = 40;

    private static final ObjectMapper JSON = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode fields;

    private JsonBody(ObjectNode fields) {
        this.fields = fields;
    }

    /** The request's body, which must be a JSON object; {@code shape} shows the caller what one looks like. */
    public static JsonBody of(Exchange exchange, String shape) {
        JsonBody body = read(exchange, shape);
        if (body == null) {
            throw ApiException.badRequest("the body must be a JSON object " + shape);
        }
        return body;
    }

    /** The same, for an endpoint whose body may be left out: no body reads as an empty object. */
    public static JsonBody ofOptional(Exchange exchange, String shape) {
        JsonBody body = read(exchange, shape);
        return body == null ? new JsonBody(JsonNodeFactory.instance.objectNode()) : body;
    }

    private static JsonBody read(Exchange exchange, String shape) {
        String text = exchange.getMessage().getBody(String.class);
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        // a form or multipart body never reaches us as text (the HTTP server decodes it), so the
        // declared type decides, with or without a body
        boolean blank = text == null || text.isBlank();
        if (contentType != null ? !JsonMediaType.matches(contentType) : !blank) {
            throw new ApiException(415, "unsupported_media_type", "send the body as JSON with 'Content-Type: application/json', not "
                    + ApiException.quote(contentType == null ? "" : contentType));
        }
        if (blank) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body must be a JSON object " + shape);
        }
        refuseNul(object, "");
        return new JsonBody(object);
    }

    /**
     * What to tell a caller whose JSON could not be read, for any JSON a request brought (the
     * error handler uses it too): no parser wording, no class names.
     */
    public static ApiException unreadable(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String what = String.valueOf(e.getOriginalMessage());
            if (what.contains("nesting depth")) {
                return ApiException.badRequest("the JSON is nested too deeply (more than " + MAX_DEPTH + " levels)");
            }
            if (what.startsWith("Number")) {
                return ApiException.badRequest("a number in the body is too long (more than " + MAX_NUMBER_LENGTH + " digits)");
            }
            return ApiException.badRequest("a text or a name in the body is too long");
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            int start = message.indexOf('\'');
            int end = message.lastIndexOf('\'');
            String name = start >= 0 && end > start ? message.substring(start + 1, end) : "?";
            return ApiException.badRequest("field " + ApiException.quote(name) + " is given more than once");
        }
        JsonLocation at = e.getLocation();
        return ApiException.badRequest("the body is not valid JSON"
                + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }

    private static void refuseNul(JsonNode node, String path) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            throw ApiException.badRequest("field '" + (path.isEmpty() ? "body" : path)
                    + "' must not contain the NUL character (\\u0000)");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().indexOf('\0') >= 0) {
                    throw ApiException.badRequest("a field name in the body contains the NUL character (\\u0000)");
                }
                refuseNul(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNul(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** Refuses a field this endpoint does not take, naming it and the ones it does. */
    public void requireOnly(Collection<String> names) {
        for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw ApiException.badRequest("unknown field " + ApiException.quote(name) + "; fields are "
                        + String.join(", ", names));
            }
        }
    }

    /** A text field, or null when it is absent or null. */
    public String text(String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + name + "' must be text");
        }
        return value.textValue();
    }

    /** A positive whole-number field that fits a bigint, or null when absent or null; never rounded or wrapped. */
    public Long positiveId(String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw ApiException.badRequest("field '" + name + "' must be a positive whole number");
        }
        return value.longValue();
    }

    /** A date or date-time field as {@link RequestDates} reads it, or null when absent or null. */
    public OffsetDateTime dateTime(String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + name + "' must be text: an ISO date or date-time");
        }
        return RequestDates.parse(value.textValue(), "field '" + name + "'");
    }

    public boolean has(String name) {
        JsonNode value = fields.get(name);
        return value != null && !value.isNull();
    }
}
