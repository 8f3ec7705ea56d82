package com.calendlysync.reports;

import java.time.Duration;
import java.time.Instant;

import com.calendlysync.support.Samples;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Calendly booking for the report tests, as the webhook envelopes Calendly would send about
 * it (built from the shared samples): created, canceled by host or invitee, marked no-show,
 * rescheduled into another booking.
 */
public final class Booking {

    public static final String DISCOVERY = "https://api.calendly.com/event_types/00000000-0000-4000-8000-0000000000d1";
    public static final String ONBOARDING = "https://api.calendly.com/event_types/00000000-0000-4000-8000-0000000000d2";

    final int number;
    final Instant start;
    final int minutes;
    final Instant bookedAt;
    final String email;
    final String eventType;
    final String[] hosts;
    String oldInvitee;

    public Booking(int number, String start, int minutes, String bookedAt, String email, String eventType, String... hosts) {
        this(number, Instant.parse(start), minutes, Instant.parse(bookedAt), email, eventType, hosts);
    }

    public Booking(int number, Instant start, int minutes, Instant bookedAt, String email, String eventType, String... hosts) {
        this.number = number;
        this.start = start;
        this.minutes = minutes;
        this.bookedAt = bookedAt;
        this.email = email;
        this.eventType = eventType;
        this.hosts = hosts;
    }

    String eventUri() {
        return String.format("https://api.calendly.com/scheduled_events/00000000-0000-4000-8000-%012d", number);
    }

    String inviteeUri() {
        return eventUri() + String.format("/invitees/00000000-0000-4000-9000-%012d", number);
    }

    public byte[] created() {
        return envelope("invitee.created", bookedAt, "active").toString().getBytes();
    }

    /** canceledBy: host or invitee; an hour after booking. */
    public byte[] canceled(String canceledBy) {
        return canceled(canceledBy, bookedAt.plus(Duration.ofHours(1)));
    }

    byte[] canceled(String canceledBy, Instant at) {
        ObjectNode e = envelope("invitee.canceled", at, "canceled");
        ObjectNode cancellation = payload(e).putObject("cancellation");
        cancellation.put("canceled_by", canceledBy.equals("host") ? "The host" : "The invitee");
        cancellation.put("canceler_type", canceledBy);
        cancellation.put("created_at", at.toString());
        cancellation.put("reason", "test");
        event(e).set("cancellation", cancellation.deepCopy());
        event(e).put("status", "canceled");
        return e.toString().getBytes();
    }

    byte[] noShow() {
        Instant at = start.plus(Duration.ofMinutes(minutes + 5));
        ObjectNode e = envelope("invitee_no_show.created", at, "active");
        ObjectNode mark = payload(e).putObject("no_show");
        mark.put("uri", String.format("https://api.calendly.com/invitee_no_shows/00000000-0000-4000-8000-%012d", number));
        mark.put("created_at", at.toString());
        return e.toString().getBytes();
    }

    /** The old half of a reschedule: canceled with rescheduled = true, pointing at its replacement. */
    byte[] rescheduledTo(Booking next) {
        Instant at = next.bookedAt;
        ObjectNode e = envelope("invitee.canceled", at, "canceled");
        payload(e).put("rescheduled", true);
        payload(e).put("new_invitee", next.inviteeUri());
        ObjectNode cancellation = payload(e).putObject("cancellation");
        cancellation.put("canceled_by", "The invitee");
        cancellation.put("canceler_type", "invitee");
        cancellation.put("created_at", at.toString());
        next.oldInvitee = inviteeUri();
        return e.toString().getBytes();
    }

    private ObjectNode envelope(String type, Instant changedAt, String status) {
        ObjectNode e = Samples.json(Samples.CREATED);
        e.put("event", type);
        e.put("created_at", changedAt.toString());
        ObjectNode p = payload(e);
        p.put("uri", inviteeUri());
        p.put("event", eventUri());
        p.put("email", email);
        p.put("name", "Invitee " + number);
        p.put("first_name", "Invitee");
        p.put("last_name", String.valueOf(number));
        p.put("created_at", bookedAt.toString());
        p.put("updated_at", changedAt.toString());
        p.put("status", status);
        p.put("rescheduled", false);
        p.putNull("new_invitee");
        if (oldInvitee == null) {
            p.putNull("old_invitee");
        } else {
            p.put("old_invitee", oldInvitee);
        }
        p.putNull("no_show");
        String id = inviteeUri().substring(inviteeUri().lastIndexOf('/') + 1);
        p.put("cancel_url", "https://calendly.com/cancellations/" + id);
        p.put("reschedule_url", "https://calendly.com/reschedulings/" + id);
        ObjectNode se = event(e);
        se.put("uri", eventUri());
        se.put("start_time", start.toString());
        se.put("end_time", start.plus(Duration.ofMinutes(minutes)).toString());
        se.put("name", eventType.equals(DISCOVERY) ? "Discovery Call" : "Onboarding Session");
        se.put("event_type", eventType);
        se.put("status", "active");
        se.put("created_at", bookedAt.toString());
        se.put("updated_at", changedAt.toString());
        ArrayNode memberships = se.putArray("event_memberships");
        for (String host : hosts) {
            memberships.addObject().put("user", "https://api.calendly.com/users/" + host.hashCode())
                    .put("user_email", host).put("user_name", host.substring(0, host.indexOf('@')));
        }
        return e;
    }

    private static ObjectNode payload(ObjectNode envelope) {
        return (ObjectNode) envelope.get("payload");
    }

    private static ObjectNode event(ObjectNode envelope) {
        return (ObjectNode) payload(envelope).get("scheduled_event");
    }
}
