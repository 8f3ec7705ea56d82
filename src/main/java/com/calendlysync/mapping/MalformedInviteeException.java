package com.calendlysync.mapping;

/** An invitee (or its scheduled event) lacks a field we need, or has one we cannot read. */
public final class MalformedInviteeException extends RuntimeException {

    private final boolean missing;

    private MalformedInviteeException(String field, String problem, boolean missing) {
        super(field + " " + problem, null, false, false);
        this.missing = missing;
    }

    public static MalformedInviteeException missing(String field) {
        return new MalformedInviteeException(field, "is required", true);
    }

    public static MalformedInviteeException invalid(String field, String problem) {
        return new MalformedInviteeException(field, problem, false);
    }

    /** The field is absent, as opposed to present but unreadable. */
    public boolean isMissing() {
        return missing;
    }
}
