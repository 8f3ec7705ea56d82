package com.calendlysync.webhook;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Reads the verified bytes as a Calendly envelope {created_at, created_by, event, payload} and
 * names it for routing: header CalendlyEvent (the event type) and CalendlyDedupeKey.
 *
 * Calendly sends no delivery id, so a retry is recognised by what it is about: the event type,
 * the invitee, the invitee's version and the moment Calendly created the event (plus the no-show
 * mark for no-show events). A retry repeats all of these; a genuinely new event changes one.
 */
public final class DeliveryReader implements Processor {

    public static final String EVENT = "CalendlyEvent";
    public static final String DEDUPE_KEY = "CalendlyDedupeKey";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void process(Exchange exchange) {
        byte[] raw = exchange.getProperty(WebhookSignatureCheck.RAW_BODY, byte[].class);
        JsonNode envelope;
        try {
            envelope = JSON.readTree(raw);
        } catch (IOException e) {
            throw new RejectedDeliveryException("invalid_json", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (envelope == null || !envelope.isObject()) {
            throw new RejectedDeliveryException("invalid_json", "the body must be a JSON object");
        }
        JsonNode event = envelope.get("event");
        if (event == null || !event.isTextual() || event.asText().isBlank()) {
            throw new RejectedDeliveryException("missing_field", "required field 'event' is missing");
        }
        exchange.getMessage().setHeader(EVENT, event.asText());
        exchange.getMessage().setHeader(DEDUPE_KEY, dedupeKey(envelope));
        exchange.getMessage().setBody(envelope);
    }

    static String dedupeKey(JsonNode envelope) {
        JsonNode payload = envelope.path("payload");
        return String.join("|",
                envelope.path("event").asText(""),
                payload.path("uri").asText(""),
                payload.path("updated_at").asText(""),
                envelope.path("created_at").asText(""),
                payload.path("no_show").path("uri").asText(""));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
