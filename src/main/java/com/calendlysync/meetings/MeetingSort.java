package com.calendlysync.meetings;

import com.calendlysync.web.ApiException;

/**
 * The orders a meeting list can take. Each is a keyset over (key, id) with an index behind it
 * (V21), so the hundredth page costs what the first one does.
 */
public enum MeetingSort {
    START_ASC("startTime", "coalesce(m.start_time, '-infinity'::timestamptz)", false),
    START_DESC("-startTime", "coalesce(m.start_time, '-infinity'::timestamptz)", true),
    CREATED_ASC("createdAt", "m.created_at", false),
    CREATED_DESC("-createdAt", "m.created_at", true);

    private final String parameter;
    private final String key;
    private final boolean descending;

    MeetingSort(String parameter, String key, boolean descending) {
        this.parameter = parameter;
        this.key = key;
        this.descending = descending;
    }

    /** Whether this order is by the meeting's start (the key calendly_lookups keeps as start_key). */
    public boolean byStart() {
        return this == START_ASC || this == START_DESC;
    }

    public static MeetingSort parse(String text) {
        if (text == null) {
            return START_DESC;
        }
        for (MeetingSort sort : values()) {
            if (sort.parameter.equals(text)) {
                return sort;
            }
        }
        throw ApiException.badRequest("parameter 'sort' must be one of startTime, -startTime, createdAt, -createdAt "
                + "(a leading - sorts newest first), not " + ApiException.quote(text));
    }

    public String parameter() {
        return parameter;
    }

    /** The SQL expression sorted on; the same text as the index expression, so the index is used. */
    public String key() {
        return key;
    }

    public boolean descending() {
        return descending;
    }
}
