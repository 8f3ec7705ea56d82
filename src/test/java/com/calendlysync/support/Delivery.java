package com.calendlysync.support;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A webhook envelope built from a shared sample, with the variations a test needs. */
public final class Delivery {

    private final ObjectNode envelope;

    private Delivery(ObjectNode envelope) {
        this.envelope = envelope;
    }

    public static Delivery of(String sample) {
        return new Delivery(Samples.json(sample));
    }

    public ObjectNode payload() {
        return (ObjectNode) envelope.get("payload");
    }

    public ObjectNode event() {
        return (ObjectNode) payload().get("scheduled_event");
    }

    /** Moves the invitee into another scheduled event under a new invitee id (a group event's next guest). */
    public Delivery invitee(String eventUuid, String inviteeUuid, String email) {
        String eventUri = "https://api.calendly.com/scheduled_events/" + eventUuid;
        payload().put("uri", eventUri + "/invitees/" + inviteeUuid);
        payload().put("event", eventUri);
        event().put("uri", eventUri);
        payload().put("email", email);
        payload().put("cancel_url", "https://calendly.com/cancellations/" + inviteeUuid);
        payload().put("reschedule_url", "https://calendly.com/reschedulings/" + inviteeUuid);
        return this;
    }

    public Delivery eventType(String type) {
        envelope.put("event", type);
        return this;
    }

    public Delivery envelopeCreatedAt(String timestamp) {
        envelope.put("created_at", timestamp);
        return this;
    }

    public Delivery updatedAt(String timestamp) {
        payload().put("updated_at", timestamp);
        return this;
    }

    public Delivery hosts(String... emails) {
        ArrayNode memberships = event().putArray("event_memberships");
        for (String email : emails) {
            memberships.addObject().put("user", "https://api.calendly.com/users/" + email.hashCode())
                    .put("user_email", email).put("user_name", email.substring(0, email.indexOf('@')));
        }
        return this;
    }

    public Delivery with(Consumer<ObjectNode> change) {
        change.accept(envelope);
        return this;
    }

    public String inviteeUri() {
        return payload().get("uri").asText();
    }

    public byte[] bytes() {
        return Samples.compact(envelope);
    }
}
