package com.calendlysync.webhook;

import java.net.http.HttpResponse;
import java.util.Map;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebhookIngestionTest extends AppTestSupport {

    @BeforeEach
    void clean() {
        TestDatabase.wipe();
    }

    @Test
    void createdInviteeBecomesAnActiveMeeting() {
        HttpResponse<String> response = calendly.deliver(Samples.bytes(Samples.CREATED));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response.body());
        assertEquals("processed", body.get("status").asText());
        Map<String, Object> row = TestDatabase.one("SELECT m.status, m.title, m.source, c.invitee_email, c.invitee_timezone "
                + "FROM meetings m JOIN calendly_meetings c ON c.meeting_id = m.id WHERE c.invitee_uri = ?", Samples.INVITEE_A);
        assertEquals("active", row.get("status"));
        assertEquals("30 Minute Discovery Call", row.get("title"));
        assertEquals("calendly", row.get("source"));
        assertEquals("jordan.ellis@example.com", row.get("invitee_email"));
        assertEquals("America/Chicago", row.get("invitee_timezone"));
    }
}
