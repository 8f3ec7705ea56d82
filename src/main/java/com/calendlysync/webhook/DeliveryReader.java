package com.calendlysync.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.calendlysync.json.Json;
import com.calendlysync.mapping.InviteeEvent;
import com.calendlysync.mapping.PostgresText;
import com.calendlysync.web.JsonBody;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Reads the verified bytes as a Calendly envelope {created_at, created_by, event, payload} and
 * names it for routing: header CalendlyEvent (the event type), CalendlyCarriesInvitee (true for
 * the invitee events) and CalendlyDedupeKey.
 *
 * Calendly sends no delivery id, so a retry is recognised by what it is about: the event type,
 * the invitee, the invitee's version and the moment Calendly created the event (plus the no-show
 * mark for no-show events). A retry repeats all of these; a genuinely new event changes one.
 * A key too long for the database's index is kept as its SHA-256.
 */
public final class DeliveryReader implements Processor {

    public static final String EVENT = "CalendlyEvent";
    public static final String DEDUPE_KEY = "CalendlyDedupeKey";
    public static final String CARRIES_INVITEE = "CalendlyCarriesInvitee";
    static final int MAX_KEY_LENGTH = 512;

    @Override
    public void process(Exchange exchange) {
        byte[] raw = exchange.getProperty(WebhookSignatureCheck.RAW_BODY, byte[].class);
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            // the same words the API's own JSON bodies get; replay knows such bytes can never succeed
            String why = JsonBody.unreadable(e).getMessage();
            throw new RejectedDeliveryException("invalid_json", why.startsWith("the body is not valid JSON") ? why
                    : "the body is not valid JSON: " + why);
        } catch (IOException e) {
            throw new RejectedDeliveryException("invalid_json", "the body is not valid JSON");
        }
        if (envelope == null || !envelope.isObject()) {
            throw new RejectedDeliveryException("invalid_json", "the body must be a JSON object");
        }
        JsonNode event = envelope.get("event");
        if (event == null || !event.isTextual() || event.asText().isBlank()) {
            throw new RejectedDeliveryException("missing_field", "required field 'event' is missing");
        }
        String eventType = PostgresText.clean(event.asText());
        exchange.getMessage().setHeader(EVENT, eventType);
        exchange.getMessage().setHeader(CARRIES_INVITEE, InviteeEvent.of(eventType).isPresent());
        exchange.getMessage().setHeader(DEDUPE_KEY, dedupeKey(envelope));
        exchange.getMessage().setBody(envelope);
    }

    static String dedupeKey(JsonNode envelope) {
        JsonNode payload = envelope.path("payload");
        String key = PostgresText.clean(String.join("|",
                envelope.path("event").asText(""),
                payload.path("uri").asText(""),
                payload.path("updated_at").asText(""),
                envelope.path("created_at").asText(""),
                payload.path("no_show").path("uri").asText("")));
        return key.length() <= MAX_KEY_LENGTH ? key : "sha256:" + sha256(key);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
