package com.calendlysync.encryption;

import com.calendlysync.json.Json;
import com.calendlysync.mapping.MappedInvitee;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seals the personal values of a mapped invitee before it goes to calendly_apply_invitee. The
 * record keeps its shape; the personal values in its parts calendly and meeting become sealed
 * texts, calendly.sealed_by names the key, and a part clear carries the clear values the rules
 * need inside that one call (privacy, matching, lookups). The database stores only the sealed
 * ones (R__calendly_invitee_apply.sql).
 */
public final class InviteeSealer {

    private final Encryption encryption;

    public InviteeSealer(Encryption encryption) {
        this.encryption = encryption;
    }

    /** The record to apply: sealed when encryption is on, else as the mapper made it. */
    public String record(String mapped) {
        if (!encryption.enabled()) {
            return mapped;
        }
        FieldCipher cipher = encryption.cipher();
        ObjectNode record;
        try {
            record = (ObjectNode) Json.MAPPER.readTree(mapped);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the mapper made a record that is not JSON", e);
        }
        ObjectNode calendly = (ObjectNode) record.get("calendly");
        ObjectNode meeting = (ObjectNode) record.get("meeting");
        String uri = calendly.path("invitee_uri").asText();
        ObjectNode clear = record.putObject("clear");
        ObjectNode clearCalendly = clear.putObject("calendly");
        ObjectNode clearMeeting = clear.putObject("meeting");
        for (String column : PersonalFields.CALENDLY_TEXT) {
            JsonNode value = calendly.get(column);
            if (value != null && !value.isNull()) {
                clearCalendly.set(column, value);
                calendly.put(column, cipher.seal(value.asText(), PersonalFields.calendly(column, uri)));
            }
        }
        for (String column : PersonalFields.CALENDLY_JSON) {
            JsonNode value = calendly.get(column);
            if (value != null && !value.isNull()) {
                // the rules never read the payload copy (a withheld person's is dropped whole): it stays out of clear
                if (!"calendly_data".equals(column)) {
                    clearCalendly.set(column, value);
                }
                calendly.put(column, cipher.seal(value.toString(), PersonalFields.calendly(column, uri)));
            }
        }
        if (meeting != null) {
            for (String column : PersonalFields.MEETING_TEXT) {
                JsonNode value = meeting.get(column);
                if (value != null && !value.isNull()) {
                    clearMeeting.set(column, value);
                    meeting.put(column, cipher.seal(value.asText(), PersonalFields.meeting(column, uri)));
                }
            }
        }
        calendly.put("sealed_by", cipher.primaryId());
        return record.toString();
    }

    /** A copy of the mapped invitee whose record is sealed. */
    public MappedInvitee sealed(MappedInvitee invitee) {
        return new MappedInvitee(invitee.inviteeUri(), invitee.email(), record(invitee.record()));
    }
}
