package com.calendlysync.reports;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.calendlysync.web.ApiException;
import com.calendlysync.web.QueryString;

/**
 * What a caller asked of a report, checked: every bad value is a 400 naming the parameter.
 *
 * from/to: meeting start in [from, to) (dateBy=booked: booking time instead); an ISO date is
 * midnight of that day in tz, a date-time needs its offset; default the 30 days up to today.
 * tz: an IANA zone (buckets, weekdays, hours; default UTC). The meeting list's filters eventType,
 * employeeId, customerId, projectId, source. format: json, csv or xlsx. Report-specific
 * parameters (interval, by, days, limit) are checked by their report and kept in {@link #given}.
 */
public record ReportParameters(String report, Instant from, Instant to, ZoneId zone, boolean byBooking,
                               String eventType, Long employeeId, Long customerId, Long projectId, String source,
                               String format, Map<String, String> given) {

    public static final List<String> COMMON = List.of("from", "to", "tz", "dateBy", "eventType", "employeeId",
            "customerId", "projectId", "source", "format");
    static final int DEFAULT_DAYS = 30;
    static final int MAX_YEARS = 3;
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    /** The parameters this report takes: the common ones and its own. */
    public static Set<String> allowed(List<String> own) {
        Set<String> names = new LinkedHashSet<>(COMMON);
        names.addAll(own);
        return names;
    }

    public static ReportParameters parse(String report, QueryString query, List<String> own, Instant now) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : allowed(own)) {
            String value = query.get(name);
            if (value != null) {
                given.put(name, value);
            }
        }
        String tz = query.get("tz");
        ZoneId zone = zone(tz);
        String dateBy = query.oneOf("dateBy", "start", Set.of("start", "booked"));
        String format = query.oneOf("format", "json", Set.of("json", "csv", "xlsx"));
        Instant from = time(query.get("from"), "from", zone);
        Instant to = time(query.get("to"), "to", zone);
        if (from == null && to == null) {
            LocalDate tomorrow = LocalDate.ofInstant(now, zone).plusDays(1);
            to = tomorrow.atStartOfDay(zone).toInstant();
            from = tomorrow.minusDays(DEFAULT_DAYS).atStartOfDay(zone).toInstant();
        } else if (from == null) {
            from = ZonedDateTime.ofInstant(to, zone).minusDays(DEFAULT_DAYS).toInstant();
        } else if (to == null) {
            to = ZonedDateTime.ofInstant(from, zone).plusDays(DEFAULT_DAYS).toInstant();
        }
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("parameter 'to' must be after 'from' (the range is [from, to))");
        }
        if (ZonedDateTime.ofInstant(from, zone).plusYears(MAX_YEARS).toInstant().isBefore(to)) {
            throw ApiException.badRequest("parameters 'from' and 'to' span more than " + MAX_YEARS
                    + " years; ask for a shorter range");
        }
        String eventType = query.get("eventType");
        if (eventType != null && eventType.length() > 500) {
            throw ApiException.badRequest("parameter 'eventType' is longer than 500 characters");
        }
        String source = query.get("source");
        if (source != null && !source.matches("[a-z][a-z0-9_-]{0,39}")) {
            throw ApiException.badRequest("parameter 'source' must be a source name such as calendly or manual, not '"
                    + source + "'");
        }
        return new ReportParameters(report, from, to, zone, dateBy.equals("booked"), eventType,
                query.positiveId("employeeId"), query.positiveId("customerId"), query.positiveId("projectId"),
                source, format, Map.copyOf(given));
    }

    /** The range of equal length just before this one (for the change against the previous period). */
    public Instant previousFrom() {
        return from.minus(Duration.between(from, to));
    }

    public String dateBy() {
        return byBooking ? "booked" : "start";
    }

    /** A moment as the report writes it: ISO-8601 with the offset of the report's time zone. */
    public String local(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone).toOffsetDateTime());
    }

    /** The range and every filter, as written in a report's answer and its spreadsheet. */
    public Map<String, Object> describe() {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("from", local(from));
        range.put("to", local(to));
        range.put("tz", zone.getId());
        range.put("dateBy", dateBy());
        range.put("eventType", eventType);
        range.put("employeeId", employeeId);
        range.put("customerId", customerId);
        range.put("projectId", projectId);
        range.put("source", source);
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!COMMON.contains(e.getKey())) {
                range.put(e.getKey(), e.getValue());
            }
        }
        return range;
    }

    private static ZoneId zone(String tz) {
        if (tz == null) {
            return ZoneOffset.UTC;
        }
        if (tz.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        // region ids only ("Europe/Berlin"): PostgreSQL reads offsets such as "UTC+2" the POSIX way
        // round (two hours west), so they are refused rather than misread
        if (!ZONES.contains(tz) || !tz.contains("/")) {
            throw ApiException.badRequest("parameter 'tz' must be an IANA time zone such as Europe/Berlin or UTC, not '"
                    + tz + "'");
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("parameter 'tz' must be an IANA time zone such as Europe/Berlin or UTC, not '"
                    + tz + "'");
        }
    }

    private static Instant time(String value, String name, ZoneId zone) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be an ISO date (2026-11-23, midnight in tz) or "
                    + "a date-time with offset (2026-11-23T09:00:00Z), not '" + value + "'");
        }
    }
}
