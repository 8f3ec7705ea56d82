package com.calendlysync.imports;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.calendlysync.web.ApiException;

/**
 * The start-time window an import lists, read from the request's startDate and endDate. A
 * date means the whole day in UTC (endDate included); a date-time is taken as given (UTC when
 * it has no offset).
 */
public record ImportRange(String startDate, String endDate, Instant start, Instant end) {

    public static ImportRange parse(String startDate, String endDate, Duration maxLength) {
        Instant start = instant(startDate, "startDate", false);
        Instant end = instant(endDate, "endDate", true);
        if (!end.isAfter(start)) {
            throw ApiException.badRequest("'endDate' (" + endDate + ") must be after 'startDate' (" + startDate + ")");
        }
        if (Duration.between(start, end).compareTo(maxLength) > 0) {
            throw ApiException.badRequest("the range from 'startDate' to 'endDate' is longer than "
                    + maxLength.toDays() + " days (CALENDLY_IMPORT_MAX_RANGE_DAYS); split it into several imports");
        }
        return new ImportRange(startDate.trim(), endDate.trim(), start, end);
    }

    private static Instant instant(String value, String name, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("'" + name + "' is required: an ISO date (2026-01-31) or date-time (2026-01-31T12:00:00Z)");
        }
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + name + "' must be an ISO date (2026-01-31) or date-time "
                    + "(2026-01-31T12:00:00Z), not '" + text + "'");
        }
    }
}
