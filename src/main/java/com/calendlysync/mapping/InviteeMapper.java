package com.calendlysync.mapping;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one Calendly invitee and its scheduled event into the record the database function
 * {@code calendly_apply_invitee} applies. Webhook deliveries, replays, the REST import and
 * reconciliation, and two-way cancel all come through here, so a meeting looks the same whichever
 * way it arrived. It knows nothing of HTTP or the database.
 *
 * The record has four parts: {@code calendly} (columns of calendly_meetings), {@code meeting}
 * (the company's meeting), and {@code change} + {@code observed_at}, which the database uses to
 * order competing updates. What PostgreSQL cannot hold is decided here, once: NUL becomes U+FFFD
 * ({@link PostgresText}), times must lie in the years 0001 to 9999, a Calendly URI is at most
 * 1,024 bytes, and the few text columns that are indexed keep a bounded prefix (the whole value
 * stays in the stored payload copy and the raw delivery).
 */
public final class InviteeMapper {

    /** What an import or reconciliation listing says happened: the invitee is as listed. */
    static final String IMPORTED = "imported";
    static final int MAX_URI_BYTES = 1024;
    static final int MAX_NAME_BYTES = 512;
    static final int MAX_EMAIL_BYTES = 320;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Maps a webhook envelope whose payload is an invitee with its scheduled event embedded. */
    public MappedInvitee fromWebhook(JsonNode envelope, String eventType) {
        InviteeEvent event = InviteeEvent.of(eventType).orElseThrow(() ->
                MalformedInviteeException.invalid("event", "'" + PostgresText.clean(eventType) + "' does not carry an invitee"));
        JsonNode payload = envelope.get("payload");
        if (payload == null || payload.isNull()) {
            throw MalformedInviteeException.missing("payload");
        }
        if (!payload.isObject()) {
            throw MalformedInviteeException.invalid("payload", "must be an object");
        }
        Instant observedAt = optionalInstant(envelope, "created_at", "created_at");
        return mapped(map(payload, payload.get("scheduled_event"), event.change(),
                observedAt != null ? observedAt : Instant.now()));
    }

    /**
     * Maps an invitee listed by the REST API with the scheduled event it was listed under.
     * observedAt is when the list was fetched: the state shown is current as of then.
     */
    public MappedInvitee fromApi(JsonNode invitee, JsonNode scheduledEvent, Instant observedAt) {
        if (invitee == null || !invitee.isObject()) {
            throw MalformedInviteeException.invalid("invitee", "must be an object");
        }
        return mapped(map(invitee, scheduledEvent, IMPORTED, observedAt));
    }

    private static MappedInvitee mapped(ObjectNode record) {
        JsonNode calendly = record.path("calendly");
        return new MappedInvitee(calendly.path("invitee_uri").asText(), calendly.path("invitee_email").asText(null),
                record.toString());
    }

    ObjectNode map(JsonNode rawInvitee, JsonNode rawEvent, String change, Instant observedAt) {
        JsonNode invitee = PostgresText.clean(rawInvitee);
        JsonNode event = PostgresText.clean(rawEvent);
        String inviteeUri = uri(requiredText(invitee, "uri", "payload.uri"), "payload.uri");
        String eventUri = uri(text(event, "uri"), "payload.scheduled_event.uri");
        if (eventUri == null) {
            eventUri = uri(requiredText(invitee, "event", "payload.event"), "payload.event");
        }
        boolean hasEvent = event != null && event.isObject();

        ObjectNode calendly = NODES.objectNode();
        calendly.put("invitee_uri", inviteeUri);
        calendly.put("calendly_invitee_uuid", lastSegment(inviteeUri));
        calendly.put("calendly_event_uuid", lastSegment(eventUri));
        calendly.put("calendly_event_url", eventUri);
        calendly.put("invitee_name", PostgresText.clip(text(invitee, "name"), MAX_NAME_BYTES));
        calendly.put("invitee_first_name", text(invitee, "first_name"));
        calendly.put("invitee_last_name", text(invitee, "last_name"));
        String email = text(invitee, "email");
        calendly.put("invitee_email", email == null ? null : PostgresText.clip(email.trim(), MAX_EMAIL_BYTES));
        calendly.put("invitee_phone", text(invitee, "text_reminder_number"));
        calendly.put("invitee_timezone", text(invitee, "timezone"));
        calendly.put("reschedule_url", calendlyLink(text(invitee, "reschedule_url")));
        calendly.put("cancel_url", calendlyLink(text(invitee, "cancel_url")));

        Instant start = hasEvent ? optionalInstant(event, "start_time", "payload.scheduled_event.start_time") : null;
        Instant end = hasEvent ? optionalInstant(event, "end_time", "payload.scheduled_event.end_time") : null;
        if (start != null && end != null && end.isBefore(start)) {
            throw MalformedInviteeException.invalid("payload.scheduled_event.end_time", "is before start_time");
        }
        Integer duration = start != null && end != null ? minutes(start, end) : null;
        calendly.put("event_name", hasEvent ? PostgresText.clip(text(event, "name"), MAX_NAME_BYTES) : null);
        calendly.put("event_type_uri", hasEvent ? uri(text(event, "event_type"), "payload.scheduled_event.event_type") : null);
        calendly.put("event_status", hasEvent ? text(event, "status") : null);
        calendly.put("event_duration", duration);
        putInstant(calendly, "scheduled_at", start);
        putInstant(calendly, "event_end_at", end);
        JsonNode location = hasEvent ? event.get("location") : null;
        boolean hasLocation = location != null && location.isObject();
        calendly.put("location_type", hasLocation ? text(location, "type") : null);
        calendly.set("location", hasLocation ? location : null);

        String status = inviteeStatus(invitee, change);
        calendly.put("invitee_status", status);
        calendly.put("rescheduled", invitee.path("rescheduled").asBoolean(false));
        calendly.put("old_invitee_uri", uri(text(invitee, "old_invitee"), "payload.old_invitee"));
        calendly.put("new_invitee_uri", uri(text(invitee, "new_invitee"), "payload.new_invitee"));
        JsonNode cancellation = invitee.get("cancellation");
        if (cancellation != null && cancellation.isObject()) {
            calendly.put("cancel_reason", text(cancellation, "reason"));
            calendly.put("canceled_by", text(cancellation, "canceled_by"));
            calendly.put("canceler_type", text(cancellation, "canceler_type"));
            Instant canceledAt = optionalInstant(cancellation, "created_at", "payload.cancellation.created_at");
            // older payloads carry no cancellation time: the invitee's last update is when it happened
            putInstant(calendly, "canceled_at", canceledAt != null ? canceledAt
                    : optionalInstant(invitee, "updated_at", "payload.updated_at"));
        }

        JsonNode noShow = invitee.get("no_show");
        boolean noShowMarked = change.equals(InviteeEvent.NO_SHOW_MARKED.change())
                || (!change.equals(InviteeEvent.NO_SHOW_CLEARED.change()) && noShow != null && noShow.isObject());
        calendly.put("no_show", noShowMarked);
        if (noShowMarked && noShow != null && noShow.isObject()) {
            calendly.put("no_show_uri", text(noShow, "uri"));
            putInstant(calendly, "no_show_marked_at", optionalInstant(noShow, "created_at", "payload.no_show.created_at"));
        }

        JsonNode answers = invitee.get("questions_and_answers");
        calendly.set("questions_and_answers", answers != null && answers.isArray() ? answers : NODES.arrayNode());
        JsonNode tracking = invitee.path("tracking");
        for (String key : List.of("utm_campaign", "utm_source", "utm_medium", "utm_content", "utm_term", "salesforce_uuid")) {
            calendly.put(key, text(tracking, key));
        }
        ArrayNode hosts = hosts(hasEvent ? event.get("event_memberships") : null);
        calendly.set("hosts", hosts);
        putInstant(calendly, "calendly_created_at", optionalInstant(invitee, "created_at", "payload.created_at"));
        putInstant(calendly, "calendly_updated_at", optionalInstant(invitee, "updated_at", "payload.updated_at"));
        putInstant(calendly, "event_updated_at",
                hasEvent ? optionalInstant(event, "updated_at", "payload.scheduled_event.updated_at") : null);
        calendly.set("calendly_data", withEvent(invitee, event));

        ObjectNode meeting = NODES.objectNode();
        String eventName = hasEvent ? text(event, "name") : null;
        meeting.put("title", eventName != null ? eventName : "Calendly meeting");
        meeting.put("description", description(invitee, hasEvent ? event : null));
        putInstant(meeting, "start_time", start);
        putInstant(meeting, "end_time", end);
        meeting.put("duration_minutes", duration);
        meeting.put("location", hasLocation ? locationText(location) : null);

        ObjectNode record = NODES.objectNode();
        record.set("calendly", calendly);
        record.set("meeting", meeting);
        record.put("change", change);
        record.put("observed_at", observedAt.toString());
        return record;
    }

    private static String inviteeStatus(JsonNode invitee, String change) {
        String status = text(invitee, "status");
        boolean canceled = "canceled".equals(status) || (status == null && change.equals(InviteeEvent.CANCELED.change()));
        if (!canceled) {
            if (status != null && !status.equals("active")) {
                throw MalformedInviteeException.invalid("payload.status", "must be 'active' or 'canceled', not '" + status + "'");
            }
            return "active";
        }
        return invitee.path("rescheduled").asBoolean(false) ? "rescheduled" : "canceled";
    }

    private static ArrayNode hosts(JsonNode memberships) {
        ArrayNode hosts = NODES.arrayNode();
        if (memberships == null || !memberships.isArray()) {
            return hosts;
        }
        for (JsonNode membership : memberships) {
            ObjectNode host = hosts.addObject();
            host.put("position", hosts.size() - 1);
            host.put("user_uri", text(membership, "user"));
            String email = text(membership, "user_email");
            host.put("email", email == null ? null : email.trim().toLowerCase(Locale.ROOT));
            host.put("name", text(membership, "user_name"));
        }
        return hosts;
    }

    /** The payload as stored: a REST invitee gets the event it was listed under, so both sources look alike. */
    private static JsonNode withEvent(JsonNode invitee, JsonNode event) {
        if (event == null || !event.isObject() || invitee.has("scheduled_event")) {
            return invitee;
        }
        ObjectNode copy = invitee.deepCopy();
        copy.set("scheduled_event", event);
        return copy;
    }

    private static String description(JsonNode invitee, JsonNode event) {
        List<String> lines = new ArrayList<>();
        JsonNode answers = invitee.get("questions_and_answers");
        if (answers != null && answers.isArray()) {
            for (JsonNode qa : answers) {
                String question = text(qa, "question");
                String answer = text(qa, "answer");
                if (question != null && answer != null) {
                    lines.add(question + ": " + answer);
                }
            }
        }
        String notes = event == null ? null : text(event, "meeting_notes_plain");
        if (notes != null) {
            lines.add(notes);
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static String locationText(JsonNode location) {
        String joinUrl = text(location, "join_url");
        if (joinUrl != null) {
            return joinUrl;
        }
        String where = text(location, "location");
        String extra = text(location, "additional_info");
        if (where != null) {
            return extra == null ? where : where + " (" + extra + ")";
        }
        return text(location, "type");
    }

    /** A Calendly URI as stored and indexed: at most MAX_URI_BYTES (no Calendly URI comes close). */
    private static String uri(String value, String path) {
        if (value != null && PostgresText.utf8Length(value) > MAX_URI_BYTES) {
            throw MalformedInviteeException.invalid(path, "is longer than " + MAX_URI_BYTES + " bytes; no Calendly URI is");
        }
        return value;
    }

    /** Reschedule and cancel links are kept only as https links to Calendly: they end up in an href. */
    private static String calendlyLink(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI link = new URI(value.trim());
            String host = link.getHost() == null ? "" : link.getHost().toLowerCase(Locale.ROOT);
            boolean calendly = host.equals("calendly.com") || host.endsWith(".calendly.com");
            return "https".equalsIgnoreCase(link.getScheme()) && calendly && value.length() <= 2048 ? value.trim() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The meeting's length in whole minutes, refused when no database integer can hold it. */
    private static int minutes(Instant start, Instant end) {
        long minutes = Duration.between(start, end).toMinutes();
        if (minutes > Integer.MAX_VALUE) {
            throw MalformedInviteeException.invalid("payload.scheduled_event.end_time", "is too far after start_time");
        }
        return (int) minutes;
    }

    private static String requiredText(JsonNode node, String key, String path) {
        String value = text(node, key);
        if (value == null || value.isBlank()) {
            throw MalformedInviteeException.missing(path);
        }
        return value;
    }

    private static String text(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static Instant optionalInstant(JsonNode node, String key, String path) {
        String value = text(node, key);
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw MalformedInviteeException.invalid(path, "is not an ISO-8601 timestamp: '" + shortened(value) + "'");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw MalformedInviteeException.invalid(path, "is outside the years 0001 to 9999: '" + shortened(value) + "'");
        }
        return instant;
    }

    /** A value quoted in an error message: enough to recognise it, never a whole payload. */
    private static String shortened(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    private static void putInstant(ObjectNode node, String key, Instant value) {
        node.put(key, value == null ? null : value.toString());
    }

    private static String lastSegment(String uri) {
        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
