package com.calendlysync.mapping;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one Calendly invitee and its scheduled event into the record the database function
 * {@code calendly_apply_invitee} applies. Webhook deliveries and the REST import both come
 * through here, so a meeting looks the same whichever way it arrived. It knows nothing of HTTP.
 *
 * The record has four parts: {@code calendly} (columns of calendly_meetings), {@code meeting}
 * (the company's meeting), {@code hosts} (every event membership, in Calendly's order) and
 * {@code change} + {@code observed_at}, which the database uses to order competing updates.
 */
public final class InviteeMapper {

    /** What a source says happened to the invitee; the database needs it for no-show marks. */
    public enum Change {
        CREATED("created"), CANCELED("canceled"), NO_SHOW_MARKED("no_show_marked"),
        NO_SHOW_CLEARED("no_show_cleared"), IMPORTED("imported");

        private final String code;

        Change(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Maps a webhook envelope whose payload is an invitee with its scheduled event embedded. */
    public Map<String, Object> fromWebhook(JsonNode envelope, String eventType) {
        Change change = switch (eventType) {
            case "invitee.created" -> Change.CREATED;
            case "invitee.canceled" -> Change.CANCELED;
            case "invitee_no_show.created" -> Change.NO_SHOW_MARKED;
            case "invitee_no_show.deleted" -> Change.NO_SHOW_CLEARED;
            default -> throw MalformedInviteeException.invalid("event", "'" + eventType + "' does not carry an invitee");
        };
        JsonNode payload = envelope.get("payload");
        if (payload == null || payload.isNull()) {
            throw MalformedInviteeException.missing("payload");
        }
        if (!payload.isObject()) {
            throw MalformedInviteeException.invalid("payload", "must be an object");
        }
        Instant observedAt = optionalInstant(envelope, "created_at", "created_at");
        return parameters(map(payload, payload.get("scheduled_event"), change,
                observedAt != null ? observedAt : Instant.now()));
    }

    /**
     * Maps an invitee listed by the REST API with the scheduled event it was listed under.
     * observedAt is when the list was fetched: the state shown is current as of then.
     */
    public Map<String, Object> fromApi(JsonNode invitee, JsonNode scheduledEvent, Instant observedAt) {
        return parameters(map(invitee, scheduledEvent, Change.IMPORTED, observedAt));
    }

    private static Map<String, Object> parameters(ObjectNode record) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("record", record.toString());
        params.put("email", record.path("calendly").path("invitee_email").asText(null));
        params.put("inviteeUri", record.path("calendly").path("invitee_uri").asText());
        return params;
    }

    ObjectNode map(JsonNode invitee, JsonNode event, Change change, Instant observedAt) {
        String inviteeUri = requiredText(invitee, "uri", "payload.uri");
        String eventUri = text(event, "uri");
        if (eventUri == null) {
            eventUri = requiredText(invitee, "event", "payload.event");
        }
        boolean hasEvent = event != null && event.isObject();

        ObjectNode calendly = NODES.objectNode();
        calendly.put("invitee_uri", inviteeUri);
        calendly.put("calendly_invitee_uuid", lastSegment(inviteeUri));
        calendly.put("calendly_event_uuid", lastSegment(eventUri));
        calendly.put("calendly_event_url", eventUri);
        calendly.put("invitee_name", text(invitee, "name"));
        calendly.put("invitee_first_name", text(invitee, "first_name"));
        calendly.put("invitee_last_name", text(invitee, "last_name"));
        String email = text(invitee, "email");
        calendly.put("invitee_email", email == null ? null : email.trim());
        calendly.put("invitee_phone", text(invitee, "text_reminder_number"));
        calendly.put("invitee_timezone", text(invitee, "timezone"));
        calendly.put("reschedule_url", text(invitee, "reschedule_url"));
        calendly.put("cancel_url", text(invitee, "cancel_url"));

        Instant start = hasEvent ? optionalInstant(event, "start_time", "payload.scheduled_event.start_time") : null;
        Instant end = hasEvent ? optionalInstant(event, "end_time", "payload.scheduled_event.end_time") : null;
        if (start != null && end != null && end.isBefore(start)) {
            throw MalformedInviteeException.invalid("payload.scheduled_event.end_time", "is before start_time");
        }
        Integer duration = start != null && end != null ? (int) Duration.between(start, end).toMinutes() : null;
        calendly.put("event_name", hasEvent ? text(event, "name") : null);
        calendly.put("event_type_uri", hasEvent ? text(event, "event_type") : null);
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
        calendly.put("old_invitee_uri", text(invitee, "old_invitee"));
        calendly.put("new_invitee_uri", text(invitee, "new_invitee"));
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
        boolean noShowMarked = change == Change.NO_SHOW_MARKED
                || (change != Change.NO_SHOW_CLEARED && noShow != null && noShow.isObject());
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
        record.put("change", change.code());
        record.put("observed_at", observedAt.toString());
        return record;
    }

    private static String inviteeStatus(JsonNode invitee, Change change) {
        String status = text(invitee, "status");
        boolean canceled = "canceled".equals(status) || (status == null && change == Change.CANCELED);
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
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw MalformedInviteeException.invalid(path, "is not an ISO-8601 timestamp: '" + value + "'");
        }
    }

    private static void putInstant(ObjectNode node, String key, Instant value) {
        node.put(key, value == null ? null : value.toString());
    }

    private static String lastSegment(String uri) {
        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
