package com.calendlysync.imports;

import java.time.Duration;
import java.time.Instant;

import com.calendlysync.web.ApiException;
import com.calendlysync.web.RequestDates;

/**
 * The start-time window an import lists, read from the request's startDate and endDate by
 * {@link RequestDates} (years 0001 to 9999). A date means the whole day in UTC (endDate
 * included); a date-time is taken as given (UTC when it has no offset).
 */
public record ImportRange(String startDate, String endDate, Instant start, Instant end) {

    public static ImportRange parse(String startDate, String endDate, Duration maxLength) {
        Instant start = RequestDates.parse(required(startDate, "startDate"), "'startDate'").toInstant();
        Instant end = RequestDates.parseThroughDay(required(endDate, "endDate"), "'endDate'").toInstant();
        if (!end.isAfter(start)) {
            throw ApiException.badRequest("'endDate' (" + endDate + ") must be after 'startDate' (" + startDate + ")");
        }
        if (Duration.between(start, end).compareTo(maxLength) > 0) {
            throw ApiException.badRequest("the range from 'startDate' to 'endDate' is longer than "
                    + maxLength.toDays() + " days (CALENDLY_IMPORT_MAX_RANGE_DAYS); split it into several imports");
        }
        return new ImportRange(startDate.trim(), endDate.trim(), start, end);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("'" + name + "' is required: an ISO date (2026-01-31) or date-time (2026-01-31T12:00:00Z)");
        }
        return value;
    }
}
