package com.calendlysync.meetings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.encryption.PersonalFields;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.json.Json;
import com.calendlysync.audit.Actor;
import com.calendlysync.calendly.CalendlyAccessException;
import com.calendlysync.calendly.CalendlyClient;
import com.calendlysync.calendly.CalendlyApiException;
import com.calendlysync.mapping.InviteeEvent;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.JsonBody;
import com.calendlysync.web.NotFoundException;
import com.calendlysync.mapping.InviteeMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * POST /api/v1/meetings/{id}/cancel: cancels the meeting's event in Calendly, then records the
 * cancellation at once, as the invitee.canceled webhook that Calendly sends next will describe
 * it: status canceled, and Calendly's own cancellation (canceled_by, canceler_type, reason,
 * created_at) with the invitee and event stamped at the cancellation time. The record goes
 * through the same mapper and {@link InviteeApplier} as a webhook, so when the webhook comes it
 * carries the same values and changes nothing a user sees.
 */
public final class MeetingCancellation {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String INVITEES = "SELECT c.meeting_id, c.invitee_uri, c.calendly_event_uuid, c.invitee_status, "
            + "c.calendly_data::text AS data, c.sealed_by FROM calendly_meetings c WHERE c.calendly_event_uuid = "
            + "(SELECT calendly_event_uuid FROM calendly_meetings WHERE meeting_id = ?) ORDER BY c.meeting_id";
    private static final int MAX_REASON = 10_000;

    private final CalendlyClient api;
    private final InviteeMapper mapper;
    private final InviteeApplier applier;
    private final DataSource dataSource;
    private final SealedValues sealed;

    public MeetingCancellation(CalendlyClient api, InviteeMapper mapper, InviteeApplier applier, DataSource dataSource,
                               SealedValues sealed) {
        this.sealed = sealed;
        this.api = api;
        this.mapper = mapper;
        this.applier = applier;
        this.dataSource = dataSource;
    }

    public Map<String, Object> cancel(long meetingId, Exchange exchange) throws SQLException {
        CamelContext context = exchange.getContext();
        Actor actor = Actor.of(exchange);
        String reason = reason(exchange);
        List<Map<String, Object>> invitees = invitees(meetingId);
        Map<String, Object> target = invitees.stream()
                .filter(i -> ((Number) i.get("meeting_id")).longValue() == meetingId).findFirst().orElse(null);
        if (target == null) {
            throw new NotFoundException("no Calendly meeting with id " + meetingId);
        }
        if (!"active".equals(target.get("invitee_status"))) {
            throw new ApiException(409, "already_canceled", "meeting " + meetingId + " is already "
                    + target.get("invitee_status") + "; there is nothing to cancel");
        }
        if (!api.hasConfiguredToken()) {
            throw new ApiException(503, "calendly_not_configured",
                    "no CALENDLY_API_TOKEN is configured, so meetings cannot be canceled in Calendly");
        }
        String eventUuid = (String) target.get("calendly_event_uuid");
        JsonNode answer;
        try {
            answer = api.post("/scheduled_events/" + eventUuid + "/cancellation",
                    JSON.createObjectNode().put("reason", reason));
        } catch (CalendlyAccessException e) {
            throw new ApiException(e.getCalendlyStatus() == 403 ? 409 : 502, "calendly_refused", e.getMessage());
        } catch (CalendlyApiException e) {
            throw new ApiException(e.getCalendlyStatus() == 404 ? 409 : 502, "calendly_error", e.getMessage());
        }
        JsonNode cancellation = answer == null ? null : answer.path("resource");
        ObjectNode canceled = JSON.createObjectNode();
        canceled.put("canceled_by", text(cancellation, "canceled_by"));
        canceled.put("canceler_type", text(cancellation, "canceler_type") == null ? "host" : text(cancellation, "canceler_type"));
        canceled.put("reason", cancellation != null && cancellation.has("reason") ? text(cancellation, "reason") : reason);
        String at = text(cancellation, "created_at");
        canceled.put("created_at", at == null ? Instant.now().toString() : at);

        // canceling the event cancels every invitee still booked on it (group events have several)
        List<Long> updated = new ArrayList<>();
        for (Map<String, Object> invitee : invitees) {
            if (!"active".equals(invitee.get("invitee_status"))) {
                continue;
            }
            ObjectNode payload = (ObjectNode) readJson(sealed.jsonText((String) invitee.get("data"),
                    (String) invitee.get("sealed_by"), PersonalFields.calendly("calendly_data", (String) invitee.get("invitee_uri"))));
            String stamp = canceled.get("created_at").asText();
            payload.put("status", "canceled");
            payload.set("cancellation", canceled.deepCopy());
            payload.put("updated_at", stamp);
            JsonNode event = payload.get("scheduled_event");
            if (event instanceof ObjectNode scheduledEvent) {
                scheduledEvent.put("status", "canceled");
                scheduledEvent.set("cancellation", canceled.deepCopy());
                scheduledEvent.put("updated_at", stamp);
                // the whole event is canceled, so no invitee is active on it any more
                if (scheduledEvent.get("invitees_counter") instanceof ObjectNode counter) {
                    counter.put("active", 0);
                }
            }
            ObjectNode envelope = JSON.createObjectNode();
            envelope.put("event", "invitee.canceled");
            envelope.put("created_at", stamp);
            envelope.set("payload", payload);
            updated.add(applier.applied(mapper.fromWebhook(envelope, InviteeEvent.CANCELED.wireName()), actor).meetingId());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("meetingId", meetingId);
        reply.put("status", "canceled");
        reply.put("canceledAt", canceled.get("created_at").asText());
        reply.put("canceledBy", text(canceled, "canceled_by"));
        reply.put("reason", text(canceled, "reason"));
        reply.put("meetingsCanceled", updated);
        return reply;
    }

    private List<Map<String, Object>> invitees(long meetingId) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INVITEES)) {
            ps.setLong(1, meetingId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String reason(Exchange exchange) {
        JsonBody body = JsonBody.ofOptional(exchange, "{\"reason\": \"...\"} (reason optional)");
        body.requireOnly(List.of("reason"));
        String reason = body.text("reason");
        if (reason != null && reason.length() > MAX_REASON) {
            throw ApiException.badRequest("'reason' is longer than Calendly's " + MAX_REASON + " characters");
        }
        return reason;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored calendly_data is not JSON", e);
        }
    }

    private static String text(JsonNode node, String key) {
        if (node == null || node.get(key) == null || node.get(key).isNull()) {
            return null;
        }
        return node.get(key).asText();
    }
}
