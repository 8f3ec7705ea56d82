package com.calendlysync.status;

import java.net.http.HttpResponse;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntegrationStatusTest extends AppTestSupport {

    @Test
    void statusShowsWebhookProtectionLastDeliveryAndFailures() {
        calendly.deliver(Samples.bytes(Samples.CREATED));
        HttpResponse<String> rejected = calendly.deliver("{\"event\":\"invitee.created\",\"payload\":{}}".getBytes());
        assertEquals(400, rejected.statusCode(), rejected.body());

        HttpResponse<String> response = api.get("/api/v1/calendly/status", ADMIN_TOKEN);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode status = json(response.body());
        assertTrue(status.at("/webhook/signatureChecking").asBoolean());
        assertEquals(baseUrl() + "/api/v1/calendly/webhook", status.at("/webhook/url").asText());
        assertEquals("invitee.created", status.at("/lastDelivery/event").asText());
        assertEquals("failed", status.at("/lastDelivery/outcome").asText());
        assertEquals(1, status.at("/counts/calendlyMeetings").asLong());
        assertEquals(1, status.at("/counts/failedDeliveries").asLong());
    }

    @Test
    void statusNeedsAToken() {
        HttpResponse<String> response = api.get("/api/v1/calendly/status", null);

        assertEquals(401, response.statusCode(), response.body());
        assertEquals("unauthorized", json(response.body()).path("error").asText());
    }
}
