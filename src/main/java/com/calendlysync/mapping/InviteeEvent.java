package com.calendlysync.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Calendly webhook events that carry an invitee, defined once: the webhook routes on them,
 * the mapper reads them, setup subscribes to them and the dashboard lists them.
 */
public enum InviteeEvent {

    CREATED("invitee.created", "created"),
    CANCELED("invitee.canceled", "canceled"),
    NO_SHOW_MARKED("invitee_no_show.created", "no_show_marked"),
    NO_SHOW_CLEARED("invitee_no_show.deleted", "no_show_cleared");

    private final String wireName;
    private final String change;

    InviteeEvent(String wireName, String change) {
        this.wireName = wireName;
        this.change = change;
    }

    /** The event's name as Calendly sends it ({@code invitee.created}). */
    public String wireName() {
        return wireName;
    }

    /** What the event says happened to the invitee, as the database records it (last_change). */
    public String change() {
        return change;
    }

    public static Optional<InviteeEvent> of(String wireName) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
    }

    /** Every invitee event's wire name, for subscriptions and lists. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(InviteeEvent::wireName).toList();
    }
}
