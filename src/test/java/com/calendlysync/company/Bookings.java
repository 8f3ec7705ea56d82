package com.calendlysync.company;

import java.net.http.HttpResponse;
import java.util.Map;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.WebhookClient;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Signed invitee.created deliveries of booking n with the email, answers and UTM fields a test needs. */
final class Bookings {

    private final WebhookClient calendly;
    private final MeetingSeeder seeder = new MeetingSeeder();

    Bookings(WebhookClient calendly) {
        this.calendly = calendly;
    }

    ObjectNode envelope(int n, String email, Map<String, String> answers, Map<String, String> utm) {
        ObjectNode envelope = seeder.envelope(n, 0, "invitee.created", false, null, null, 0);
        ObjectNode payload = (ObjectNode) envelope.get("payload");
        payload.put("email", email);
        ArrayNode qa = payload.putArray("questions_and_answers");
        int position = 0;
        for (Map.Entry<String, String> answer : answers.entrySet()) {
            qa.addObject().put("question", answer.getKey()).put("answer", answer.getValue()).put("position", position++);
        }
        ObjectNode tracking = payload.putObject("tracking");
        for (String field : new String[] {"utm_campaign", "utm_source", "utm_medium", "utm_content", "utm_term", "salesforce_uuid"}) {
            if (utm.containsKey(field)) {
                tracking.put(field, utm.get(field));
            } else {
                tracking.putNull(field);
            }
        }
        return envelope;
    }

    /** Delivers booking n; answers its meeting id. */
    long book(int n, String email, Map<String, String> answers, Map<String, String> utm) {
        return deliver(envelope(n, email, answers, utm));
    }

    long deliver(ObjectNode envelope) {
        HttpResponse<String> response = calendly.deliver(envelope);
        assertEquals(200, response.statusCode(), response.body());
        return ApiClient.json(response).get("meetingId").asLong();
    }
}
