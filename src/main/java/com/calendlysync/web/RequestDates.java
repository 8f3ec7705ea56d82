package com.calendlysync.web;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * How the API reads a point in time a caller sends (the from/to filters, a token's expiresAt,
 * an import's startDate/endDate): an ISO date (2026-11-23, that day at 00:00 UTC) or date-time
 * (2026-11-23T09:00:00Z; without an offset it is UTC), written in the years 0001 to 9999. Year
 * 0000, negative years and years past 9999 are refused here with a 400 naming the field, so
 * no value PostgreSQL cannot hold ever reaches a query.
 */
public final class RequestDates {

    public static final int FIRST_YEAR = 1;
    public static final int LAST_YEAR = 9999;

    private RequestDates() {
    }

    /** The moment the text names; a date is the start of that day (UTC). */
    public static OffsetDateTime parse(String text, String field) {
        return read(text, field, false);
    }

    /** The same, but a date is the end of that day (the start of the next): a last day taken whole. */
    public static OffsetDateTime parseThroughDay(String text, String field) {
        return read(text, field, true);
    }

    private static OffsetDateTime read(String text, String field, boolean throughDay) {
        String value = text == null ? "" : text.trim();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                checkYear(day.getYear(), value, field);
                return (throughDay ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            OffsetDateTime moment;
            try {
                moment = OffsetDateTime.parse(value);
            } catch (DateTimeParseException withoutOffset) {
                moment = LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
            }
            checkYear(moment.getYear(), value, field);
            return moment;
        } catch (DateTimeException e) {
            throw invalid(value, field);
        }
    }

    private static void checkYear(int year, String value, String field) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw invalid(value, field);
        }
    }

    private static ApiException invalid(String value, String field) {
        return ApiException.badRequest(field + " must be an ISO date (2026-11-23) or date-time (2026-11-23T09:00:00Z) "
                + "in the years 0001 to 9999, not " + ApiException.quote(value));
    }
}
