package com.calendlysync.meetings;

import java.sql.ResultSet;
import java.sql.SQLException;

import com.calendlysync.encryption.PersonalFields;
import com.calendlysync.encryption.SealedValues;

/**
 * The personal values of a meeting list row (MeetingQuery's columns) as people read them:
 * opened when the row is sealed (encryption at rest), as stored otherwise.
 */
record PersonalValues(String inviteeName, String inviteeEmail, String location, String locationDetail) {

    static PersonalValues of(ResultSet rs, SealedValues sealed) throws SQLException {
        String by = rs.getString("sealed_by");
        String uri = rs.getString("invitee_uri");
        if (by == null) {
            return new PersonalValues(rs.getString("invitee_name"), rs.getString("invitee_email"), rs.getString("location"),
                    rs.getString("location_detail"));
        }
        return new PersonalValues(
                sealed.text(rs.getString("invitee_name"), by, PersonalFields.calendly("invitee_name", uri)),
                sealed.text(rs.getString("invitee_email"), by, PersonalFields.calendly("invitee_email", uri)),
                sealed.text(rs.getString("location"), by, PersonalFields.meeting("location", uri)),
                sealed.jsonText(rs.getString("location_detail"), by, PersonalFields.calendly("location", uri)));
    }
}
