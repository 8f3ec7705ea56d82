package com.calendlysync.mapping;

import java.time.Instant;
import java.util.List;

import com.calendlysync.support.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapper straight against every shared sample and the hostile shapes, with no HTTP and no database. */
@Tag("fast")
class InviteeMapperTest {

    private final InviteeMapper mapper = new InviteeMapper();

    private static JsonNode record(MappedInvitee invitee) {
        try {
            return Samples.JSON.readTree(invitee.record());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode webhook(ObjectNode envelope) {
        return record(mapper.fromWebhook(envelope, envelope.get("event").asText()));
    }

    @Test
    void aBookingBecomesEveryColumnOfTheRecord() {
        MappedInvitee mapped = mapper.fromWebhook(Samples.json(Samples.CREATED), "invitee.created");
        JsonNode calendly = record(mapped).get("calendly");
        JsonNode meeting = record(mapped).get("meeting");

        assertEquals(Samples.INVITEE_A, mapped.inviteeUri());
        assertEquals("jordan.ellis@example.com", mapped.email());
        assertEquals("a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d", calendly.get("calendly_invitee_uuid").asText());
        assertEquals("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", calendly.get("calendly_event_uuid").asText());
        assertEquals("Jordan Ellis", calendly.get("invitee_name").asText());
        assertEquals("+1 312-555-0148", calendly.get("invitee_phone").asText());
        assertEquals("America/Chicago", calendly.get("invitee_timezone").asText());
        assertEquals("30 Minute Discovery Call", calendly.get("event_name").asText());
        assertEquals("active", calendly.get("invitee_status").asText());
        assertEquals(30, calendly.get("event_duration").asInt());
        assertEquals("2026-03-18T15:00:00Z", calendly.get("scheduled_at").asText());
        assertEquals("google_conference", calendly.get("location_type").asText());
        assertEquals("https://calendly.com/cancellations/a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d", calendly.get("cancel_url").asText());
        assertEquals("spring_launch", calendly.get("utm_campaign").asText());
        assertEquals(2, calendly.get("questions_and_answers").size());
        assertEquals("priya.raman@example.com", calendly.get("hosts").get(0).get("email").asText());
        assertEquals("Jordan Ellis", calendly.get("calendly_data").get("name").asText());
        assertEquals("created", record(mapped).get("change").asText());
        assertEquals("2026-03-10T16:42:08Z", record(mapped).get("observed_at").asText());

        assertEquals("30 Minute Discovery Call", meeting.get("title").asText());
        assertEquals("https://calendly.com/events/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/google_meet", meeting.get("location").asText());
        assertTrue(meeting.get("description").asText().contains("Company name: Northwind Analytics"));
    }

    @Test
    void aCancellationKeepsWhoCanceledAndWhy() {
        JsonNode calendly = webhook(Samples.json(Samples.CANCELED)).get("calendly");
        assertEquals("canceled", calendly.get("invitee_status").asText());
        assertEquals("invitee", calendly.get("canceler_type").asText());
        assertFalse(calendly.get("cancel_reason").isNull());
        assertFalse(calendly.get("canceled_at").isNull());
    }

    @Test
    void theOldHalfOfARescheduleIsRescheduledAndPointsAtTheNewOne() {
        JsonNode old = webhook(Samples.json(Samples.RESCHEDULE_OLD_CANCELED)).get("calendly");
        JsonNode replacement = webhook(Samples.json(Samples.RESCHEDULE_NEW_CREATED)).get("calendly");
        assertEquals("rescheduled", old.get("invitee_status").asText());
        assertEquals(Samples.INVITEE_B, old.get("new_invitee_uri").asText());
        assertEquals(Samples.INVITEE_A, replacement.get("old_invitee_uri").asText());
        assertEquals("active", replacement.get("invitee_status").asText());
    }

    @Test
    void aNoShowMarkAndItsRemoval() {
        ObjectNode marked = Samples.json(Samples.NO_SHOW_CREATED);
        JsonNode calendly = webhook(marked).get("calendly");
        assertTrue(calendly.get("no_show").asBoolean());
        assertFalse(calendly.get("no_show_uri").isNull());

        marked.put("event", "invitee_no_show.deleted");
        JsonNode cleared = webhook(marked);
        assertFalse(cleared.get("calendly").get("no_show").asBoolean());
        assertEquals("no_show_cleared", cleared.get("change").asText());
    }

    @Test
    void aListedInviteeGetsTheEventItWasListedUnder() throws Exception {
        JsonNode invitees = Samples.JSON.readTree(Samples.bytes("rest-scheduled-event-invitees-page.json")).get("collection");
        JsonNode events = Samples.JSON.readTree(Samples.bytes("rest-scheduled-events-page.json")).get("collection");
        Instant fetched = Instant.parse("2026-03-20T09:00:00Z");

        MappedInvitee mapped = mapper.fromApi(invitees.get(0), events.get(1), fetched);
        JsonNode record = record(mapped);
        assertEquals(Samples.INVITEE_B, mapped.inviteeUri());
        assertEquals("imported", record.get("change").asText());
        assertEquals(fetched.toString(), record.get("observed_at").asText());
        assertTrue(record.get("calendly").get("no_show").asBoolean());
        assertEquals(events.get(1).get("uri").asText(), record.get("calendly").get("calendly_data").get("scheduled_event").get("uri").asText());
    }

    @Test
    void everySampleMapsWithoutError() {
        for (String sample : List.of(Samples.CREATED, Samples.CANCELED, Samples.RESCHEDULE_OLD_CANCELED,
                Samples.RESCHEDULE_NEW_CREATED, Samples.NO_SHOW_CREATED)) {
            ObjectNode envelope = Samples.json(sample);
            MappedInvitee mapped = mapper.fromWebhook(envelope, envelope.get("event").asText());
            assertTrue(mapped.inviteeUri().startsWith("https://api.calendly.com/scheduled_events/"), sample);
        }
    }

    // ---- what PostgreSQL cannot hold, decided once ------------------------------------------

    @Test
    void nulInAnyTextIsKeptAsTheReplacementCharacter() {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        ObjectNode payload = (ObjectNode) envelope.get("payload");
        payload.put("name", "Jordan\u0000Ellis");
        ((ObjectNode) payload.get("questions_and_answers").get(0)).put("answer", "North\u0000wind");
        ((ObjectNode) payload.get("tracking")).put("utm_source", "news\u0000letter");
        ((ObjectNode) payload.get("scheduled_event")).put("name", "Call\u0000");

        MappedInvitee mapped = mapper.fromWebhook(envelope, "invitee.created");

        assertFalse(mapped.record().contains("\\u0000"), mapped.record());
        JsonNode calendly = record(mapped).get("calendly");
        assertEquals("Jordan\uFFFDEllis", calendly.get("invitee_name").asText());
        assertEquals("news\uFFFDletter", calendly.get("utm_source").asText());
        assertEquals("North\uFFFDwind", calendly.get("questions_and_answers").get(0).get("answer").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-03-18T15:00:00Z", "-0001-03-18T15:00:00Z", "+294277-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
    void timesOutsideTheYears0001To9999AreRefusedNamingTheField(String time) {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        ((ObjectNode) envelope.get("payload").get("scheduled_event")).put("start_time", time);
        MalformedInviteeException e = assertThrows(MalformedInviteeException.class,
                () -> mapper.fromWebhook(envelope, "invitee.created"));
        assertTrue(e.getMessage().startsWith("payload.scheduled_event.start_time "), e.getMessage());

        ObjectNode other = Samples.json(Samples.CANCELED);
        ((ObjectNode) other.get("payload").get("cancellation")).put("created_at", time);
        assertTrue(assertThrows(MalformedInviteeException.class, () -> mapper.fromWebhook(other, "invitee.canceled"))
                .getMessage().startsWith("payload.cancellation.created_at "));
        ObjectNode envelopeTime = Samples.json(Samples.CREATED);
        envelopeTime.put("created_at", time);
        assertTrue(assertThrows(MalformedInviteeException.class, () -> mapper.fromWebhook(envelopeTime, "invitee.created"))
                .getMessage().startsWith("created_at "));
    }

    @Test
    void aMeetingLongerThanAnIntegerOfMinutesIsRefusedNotWrapped() {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        ((ObjectNode) envelope.get("payload").get("scheduled_event")).put("end_time", "9000-01-01T00:00:00Z");
        MalformedInviteeException e = assertThrows(MalformedInviteeException.class,
                () -> mapper.fromWebhook(envelope, "invitee.created"));
        assertEquals("payload.scheduled_event.end_time is too far after start_time", e.getMessage());
    }

    @Test
    void aUriLongerThanAnyCalendlyUriIsRefused() {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        ((ObjectNode) envelope.get("payload")).put("uri", "https://api.calendly.com/" + "x".repeat(100_000));
        MalformedInviteeException e = assertThrows(MalformedInviteeException.class,
                () -> mapper.fromWebhook(envelope, "invitee.created"));
        assertTrue(e.getMessage().startsWith("payload.uri is longer than 1024 bytes"), e.getMessage());
    }

    @Test
    void longNamesAreKeptWholeInThePayloadCopyAndClippedInTheIndexedColumns() {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        String name = "Ä".repeat(3_000);
        ((ObjectNode) envelope.get("payload")).put("name", name);
        ((ObjectNode) envelope.get("payload").get("scheduled_event")).put("name", "E".repeat(100_000));

        JsonNode calendly = webhook(envelope).get("calendly");

        assertEquals(256, calendly.get("invitee_name").asText().length(), "512 bytes of a two-byte letter");
        assertEquals(512, calendly.get("event_name").asText().length());
        assertEquals(name, calendly.get("calendly_data").get("name").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "http://calendly.com/cancellations/x", "https://evil.example/calendly.com",
            "https://calendly.com.evil.example/x", "data:text/html,hi", "not a url at all"})
    void onlyHttpsLinksToCalendlyAreKept(String link) {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        ((ObjectNode) envelope.get("payload")).put("cancel_url", link).put("reschedule_url", link);
        JsonNode calendly = webhook(envelope).get("calendly");
        assertTrue(calendly.get("cancel_url").isNull(), link);
        assertTrue(calendly.get("reschedule_url").isNull(), link);
    }

    @Test
    void anEventThatCarriesNoInviteeIsRefused() {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        MalformedInviteeException e = assertThrows(MalformedInviteeException.class,
                () -> mapper.fromWebhook(envelope, "routing_form_submission.created"));
        assertEquals("event 'routing_form_submission.created' does not carry an invitee", e.getMessage());
    }

    @Test
    void aMissingPayloadOrUriIsNamed() {
        ObjectNode envelope = Samples.json(Samples.CREATED);
        ((ObjectNode) envelope.get("payload")).remove("uri");
        assertEquals("payload.uri is required",
                assertThrows(MalformedInviteeException.class, () -> mapper.fromWebhook(envelope, "invitee.created")).getMessage());
        envelope.remove("payload");
        assertTrue(assertThrows(MalformedInviteeException.class, () -> mapper.fromWebhook(envelope, "invitee.created")).isMissing());
        assertNull(InviteeEvent.of("invitee.rescheduled").orElse(null), "Calendly has no such event");
    }
}
