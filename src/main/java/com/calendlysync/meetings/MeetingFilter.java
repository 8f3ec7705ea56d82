package com.calendlysync.meetings;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

import com.calendlysync.web.QueryString;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.RequestDates;

/**
 * What a caller asked of GET /api/v1/meetings (and its export), checked: every bad value is a
 * 400 naming the parameter.
 *
 * status: comma list of active, canceled, rescheduled, no-show; from/to: start time range
 * (read by {@link RequestDates}: ISO date = that day 00:00 UTC, or date-time; from inclusive,
 * to exclusive);
 * customerId, employeeId (a host); eventType (event type URI, or event name); q (text in the
 * invitee's name or email); source (calendly, manual, ...: where the meeting came from); sort;
 * matched (false: meetings without a customer, true: with one); projectId.
 */
public record MeetingFilter(Set<String> statuses, boolean noShow, OffsetDateTime from, OffsetDateTime to,
                            Long customerId, Long employeeId, String eventType, String text, String source,
                            MeetingSort sort, Boolean matched, Long projectId) {

    public static final Set<String> LIST_PARAMETERS = Set.of("status", "from", "to", "customerId", "employeeId",
            "eventType", "q", "source", "sort", "limit", "cursor", "matched", "projectId", "total");
    public static final Set<String> EXPORT_PARAMETERS = Set.of("status", "from", "to", "customerId", "employeeId",
            "eventType", "q", "source", "sort", "format", "matched", "projectId");
    private static final Set<String> STATUSES = Set.of("active", "canceled", "rescheduled", "no-show");

    public static MeetingFilter from(QueryString query) {
        Set<String> statuses = new LinkedHashSet<>();
        boolean noShow = false;
        String status = query.get("status");
        if (status != null) {
            for (String part : status.split(",")) {
                String s = part.trim().toLowerCase();
                if (!STATUSES.contains(s)) {
                    throw ApiException.badRequest("parameter 'status' takes a comma list of active, canceled, "
                            + "rescheduled, no-show; " + ApiException.quote(part.trim()) + " is none of these");
                }
                if (s.equals("no-show")) {
                    noShow = true;
                } else {
                    statuses.add(s);
                }
            }
        }
        OffsetDateTime from = time(query, "from");
        OffsetDateTime to = time(query, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("parameter 'to' must be after 'from'");
        }
        String eventType = query.get("eventType");
        if (eventType != null && eventType.length() > 500) {
            throw ApiException.badRequest("parameter 'eventType' is longer than 500 characters");
        }
        String text = query.get("q");
        if (text != null && text.length() > 200) {
            throw ApiException.badRequest("parameter 'q' is longer than 200 characters");
        }
        String source = query.get("source");
        if (source != null && !source.matches("[a-z][a-z0-9_-]{0,39}")) {
            throw ApiException.badRequest("parameter 'source' must be a source name such as calendly or manual, not "
                    + ApiException.quote(source));
        }
        MeetingSort sort = MeetingSort.parse(query.get("sort"));
        String matched = query.get("matched");
        if (matched != null && !matched.equals("true") && !matched.equals("false")) {
            throw ApiException.badRequest("parameter 'matched' must be true or false, not '" + matched + "'");
        }
        return new MeetingFilter(statuses, noShow, from, to, query.positiveId("customerId"),
                query.positiveId("employeeId"), eventType, text, source, sort,
                matched == null ? null : Boolean.valueOf(matched), query.positiveId("projectId"));
    }

    public MeetingFilter withCustomer(long id) {
        return new MeetingFilter(statuses, noShow, from, to, id, employeeId, eventType, text, source, sort, matched, projectId);
    }

    public MeetingFilter withEmployee(long id) {
        return new MeetingFilter(statuses, noShow, from, to, customerId, id, eventType, text, source, sort, matched, projectId);
    }

    private static OffsetDateTime time(QueryString query, String name) {
        String value = query.get(name);
        return value == null ? null : RequestDates.parse(value, "parameter '" + name + "'");
    }
}
