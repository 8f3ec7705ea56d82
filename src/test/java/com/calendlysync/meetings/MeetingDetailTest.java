package com.calendlysync.meetings;

import java.net.http.HttpResponse;
import java.util.List;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/meetings/{id}: the meeting, its Calendly metadata and its whole reschedule chain. */
class MeetingDetailTest extends AppTestSupport {

    private boolean seeded;

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        MeetingSeeder.people();
        new MeetingSeeder().seed(60);
        seeded = true;
    }

    @Test
    void aRescheduleDeliveredByWebhookShowsBothBookingsFromEitherSide() {
        assertEquals(200, calendly.deliver(Samples.bytes(Samples.RESCHEDULE_OLD_CANCELED)).statusCode());
        assertEquals(200, calendly.deliver(Samples.bytes(Samples.RESCHEDULE_NEW_CREATED)).statusCode());
        long oldId = meetingOf(Samples.INVITEE_A);
        long newId = meetingOf(Samples.INVITEE_B);

        JsonNode fromNew = detail(newId);
        JsonNode fromOld = detail(oldId);

        for (JsonNode d : List.of(fromNew, fromOld)) {
            JsonNode chain = d.get("rescheduleChain");
            assertEquals(2, chain.size(), chain.toString());
            assertEquals(oldId, chain.get(0).get("meetingId").asLong());
            assertEquals("rescheduled", chain.get(0).get("status").asText());
            assertEquals(newId, chain.get(1).get("meetingId").asLong());
            assertEquals("active", chain.get(1).get("status").asText());
        }
        assertTrue(fromNew.get("rescheduleChain").get(1).get("current").asBoolean());
        assertTrue(fromOld.get("rescheduleChain").get(0).get("current").asBoolean());
        assertEquals(Samples.INVITEE_A, fromNew.at("/calendly/reschedule/oldInviteeUri").asText());
        assertEquals("rescheduled", fromOld.at("/meeting/status").asText());
    }

    @Test
    void aChainOfThreeIsFollowedBothWaysFromTheMiddle() {
        // booking 11 of the seed was rescheduled twice
        long first = meetingOf(MeetingSeeder.inviteeUri(11, 0));
        long middle = meetingOf(MeetingSeeder.inviteeUri(11, 1));
        long last = meetingOf(MeetingSeeder.inviteeUri(11, 2));

        JsonNode chain = detail(middle).get("rescheduleChain");

        assertEquals(3, chain.size(), chain.toString());
        assertEquals(List.of(first, middle, last), List.of(chain.get(0).get("meetingId").asLong(),
                chain.get(1).get("meetingId").asLong(), chain.get(2).get("meetingId").asLong()));
        assertEquals(List.of(false, true, false), List.of(chain.get(0).get("current").asBoolean(),
                chain.get(1).get("current").asBoolean(), chain.get(2).get("current").asBoolean()));
    }

    @Test
    void aPartnerThatHasNotArrivedIsShownAsMissing() {
        // the replacement arrives first; the canceled original never did
        String old = MeetingSeeder.inviteeUri(5000, 0);
        assertEquals(200, calendly.deliver(new MeetingSeeder().envelope(5000, 1, "invitee.created", false, null, old, 1)).statusCode());

        JsonNode chain = detail(meetingOf(MeetingSeeder.inviteeUri(5000, 1))).get("rescheduleChain");

        assertEquals(2, chain.size(), chain.toString());
        assertFalse(chain.get(0).get("stored").asBoolean());
        assertEquals(old, chain.get(0).get("inviteeUri").asText());
        assertTrue(chain.get(1).get("stored").asBoolean());
    }

    @Test
    void detailsCarryTheFullCalendlyMetadata() {
        long id = meetingOf(MeetingSeeder.inviteeUri(4, 0));

        JsonNode d = detail(id);

        assertEquals(MeetingSeeder.inviteeEmail(4), d.at("/meeting/invitee/email").asText());
        assertEquals(MeetingSeeder.inviteeEmail(4), d.at("/calendly/invitee/email").asText());
        assertEquals("Onboarding Session", d.at("/calendly/event/name").asText());
        assertTrue(d.at("/calendly/calendlyData").isObject());
        assertEquals(1, d.get("rescheduleChain").size());
    }

    @Test
    void aMeetingWithoutCalendlyDataHasNoCalendlyPart() {
        TestDatabase.execute("INSERT INTO meetings (title, source) VALUES ('Phone call', 'manual')");
        long id = ((Number) TestDatabase.one("SELECT id FROM meetings WHERE title = 'Phone call'").get("id")).longValue();

        JsonNode d = detail(id);

        assertTrue(d.get("calendly").isNull());
        assertEquals(0, d.get("rescheduleChain").size());
        assertFalse(d.at("/meeting/calendly").asBoolean());
    }

    @Test
    void unknownAndMalformedIds() {
        HttpResponse<String> missing = api.get("/api/v1/meetings/987654", ADMIN_TOKEN);
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", ApiClient.json(missing).get("error").asText());
        HttpResponse<String> bad = api.get("/api/v1/meetings/12abc", ADMIN_TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("'meetingId'"));
    }

    private JsonNode detail(long id) {
        HttpResponse<String> response = api.get("/api/v1/meetings/" + id, ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return ApiClient.json(response);
    }

    private static long meetingOf(String inviteeUri) {
        return ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE invitee_uri = ?", inviteeUri)
                .get("meeting_id")).longValue();
    }
}
