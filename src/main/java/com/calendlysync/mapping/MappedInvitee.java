package com.calendlysync.mapping;

/**
 * One Calendly invitee as the database applies it: the record calendly_apply_invitee takes
 * (JSON text with the parts calendly, meeting, change and observed_at), and the two values the
 * path around it needs without reading the record again.
 */
public record MappedInvitee(String inviteeUri, String email, String record) {
}
