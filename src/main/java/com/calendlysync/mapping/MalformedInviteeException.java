package com.calendlysync.mapping;

/** An invitee (or its scheduled event) lacks a field we need, or has one we cannot read. */
public final class MalformedInviteeException extends RuntimeException {

    private final String field;

    public MalformedInviteeException(String field, String problem) {
        super(field + " " + problem, null, false, false);
        this.field = field;
    }

    public String getField() {
        return field;
    }
}
