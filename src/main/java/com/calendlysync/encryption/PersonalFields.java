package com.calendlysync.encryption;

import java.util.List;

/**
 * The personal values sealed at rest, per table (the same list R__privacy_rules.sql erases):
 * text columns sealed as text, jsonb columns sealed as a JSON string holding the sealed text.
 * Each is bound to its row by the invitee's URI.
 */
public final class PersonalFields {

    public static final String CALENDLY = "calendly_meetings";
    public static final String MEETINGS = "meetings";
    public static final String DELIVERIES = "webhook_deliveries";

    public static final List<String> CALENDLY_TEXT = List.of("invitee_name", "invitee_first_name", "invitee_last_name",
            "invitee_email", "invitee_phone", "cancel_reason", "canceled_by");
    public static final List<String> CALENDLY_JSON = List.of("questions_and_answers", "calendly_data", "location");
    public static final List<String> MEETING_TEXT = List.of("description", "location");

    private PersonalFields() {
    }

    public static FieldCipher.Place calendly(String column, String inviteeUri) {
        return new FieldCipher.Place(CALENDLY, column, inviteeUri);
    }

    public static FieldCipher.Place meeting(String column, String inviteeUri) {
        return new FieldCipher.Place(MEETINGS, column, inviteeUri);
    }

    public static FieldCipher.Place rawBody(String sealRef) {
        return new FieldCipher.Place(DELIVERIES, "raw_body", sealRef);
    }
}
