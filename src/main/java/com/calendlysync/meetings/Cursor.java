package com.calendlysync.meetings;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where the next page starts: the sort it belongs to and the (key, id) of the last row sent.
 * Opaque to callers (base64url JSON). A cursor is checked whole before any of it reaches a
 * query: its sort is the one in use, its key is a timestamp the way PostgreSQL writes the sort
 * key (or -infinity for a meeting without a start), its id a positive bigint, nothing else in
 * it. Text that is not a cursor at all is a 400 bad_request; a cursor that does not hold (made
 * by hand, altered, or for another sort) is a 400 invalid_cursor.
 */
public record Cursor(String sort, String key, long id) {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Set<String> FIELDS = Set.of("s", "k", "i");
    /** A sort key as PostgreSQL writes a timestamptz with DateStyle ISO (the JDBC driver sets it). */
    private static final DateTimeFormatter SORT_KEY = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4, 6, SignStyle.NOT_NEGATIVE).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2).appendLiteral(' ')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, true).optionalEnd()
            // +00, +05:30 and the +00:53:28 of old local mean times
            .parseLenient().appendOffset("+HH:MM:SS", "Z").parseStrict()
            .optionalStart().appendLiteral(" BC").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    /** The latest moment PostgreSQL's timestamptz can hold. */
    private static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59.999999Z");
    /** Its earliest is in 4714 BC. */
    private static final int EARLIEST_BC_YEAR = 4713;

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
        JsonNode node = read(text);
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("parameter 'cursor' is not a cursor this API gave out (use nextCursor from the previous page)");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw invalid("it holds something a cursor does not");
            }
        });
        JsonNode s = node.path("s");
        JsonNode k = node.path("k");
        JsonNode i = node.path("i");
        if (!s.isTextual() || !k.isTextual() || !i.isIntegralNumber() || !i.canConvertToLong() || i.longValue() <= 0) {
            throw invalid("its fields are not those of a cursor");
        }
        if (!s.textValue().equals(sort.parameter())) {
            throw invalid("it belongs to another sort; send the same sort with it");
        }
        if (!isSortKey(k.textValue())) {
            throw invalid("its position is not a point in time");
        }
        return new Cursor(s.textValue(), k.textValue(), i.longValue());
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean isSortKey(String key) {
        if (key.equals("-infinity")) {
            return true;
        }
        try {
            TemporalAccessor parsed = SORT_KEY.parse(key);
            int year = parsed.get(ChronoField.YEAR);
            if (key.endsWith(" BC")) {
                return year >= 1 && year <= EARLIEST_BC_YEAR;
            }
            return year >= 1 && !Instant.from(parsed).isAfter(LATEST);
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static ApiException invalid(String why) {
        return new ApiException(400, "invalid_cursor", "parameter 'cursor' does not hold: " + why
                + ". Use nextCursor as the previous page gave it, or start again without a cursor");
    }
}
