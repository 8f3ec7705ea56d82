package com.calendlysync.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** How the API writes a moment in time: ISO-8601 in UTC ("2026-03-18T15:00:00Z"), or null. */
public final class JsonTimes {

    private JsonTimes() {
    }

    /** A database or Java timestamp as ISO-8601 UTC; any other value (a date, a number) as it is. */
    public static Object iso(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return value;
    }

    public static String iso(Timestamp ts) {
        return ts == null ? null : ts.toInstant().toString();
    }
}
