package com.calendlysync.calendly;

import java.net.http.HttpResponse;
import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no CALENDLY_WEBHOOK_SECRET, setup generates a signing key, gives it to Calendly and shows it once. */
class SetupGeneratedKeyTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
        settings.put("calendly.webhook-secret", "");
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void theGeneratedKeyIsShownOnceAndNotStored() {
        ImportClient api = new ImportClient(baseUrl(), calendly);
        HttpResponse<String> response = api.post("/api/v1/calendly/setup",
                "{\"callbackUrl\":\"https://sync.company.example/api/v1/calendly/webhook\"}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        String key = answer.get("signingKey").asText();
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertEquals(key, SIM.signingKey(answer.get("subscription").asText()), "Calendly signs with it");
        assertTrue(answer.get("message").asText().contains("CALENDLY_WEBHOOK_SECRET"));
        String stored = TestDatabase.query("SELECT string_agg(to_jsonb(s)::text, ' ') AS t FROM calendly_webhook_subscriptions s")
                .get(0).get("t").toString();
        assertFalse(stored.contains(key), "the key is kept nowhere");

        JsonNode again = json(api.post("/api/v1/calendly/setup",
                "{\"callbackUrl\":\"https://sync.company.example/api/v1/calendly/webhook\"}").body());
        assertEquals("kept", again.get("action").asText());
        assertTrue(again.get("signingKey").isNull(), "shown once only");

        // a Free Calendly plan cannot have webhooks: the answer says so, and what to do
        SIM.freePlan(true);
        HttpResponse<String> free = api.post("/api/v1/calendly/setup", "{\"callbackUrl\":\"https://other.company.example/hook\"}");
        assertEquals(502, free.statusCode(), free.body());
        assertEquals("calendly_refused", json(free.body()).get("error").asText());
        assertTrue(free.body().contains("upgrade") && free.body().contains("plan"), free.body());
    }
}
