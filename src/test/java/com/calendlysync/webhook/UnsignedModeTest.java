package com.calendlysync.webhook;

import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no signing key the webhook refuses everything, unless unsigned deliveries are allowed. */
class UnsignedModeTest {

    @Nested
    class NoKeyConfigured extends AppTestSupport {
        @Override
        protected void settings(Properties settings) {
            settings.put("calendly.webhook-secret", "");
        }

        @Test
        void everyDeliveryIsRefusedWithAMessageSayingWhatToConfigure() {
            var response = calendly.post(Samples.bytes(Samples.CREATED), null, "application/json");
            assertEquals(401, response.statusCode());
            assertTrue(json(response.body()).get("message").asText().contains("CALENDLY_WEBHOOK_SECRET"));
            assertEquals(401, calendly.deliver(Samples.bytes(Samples.CREATED)).statusCode(), "a signature cannot be checked");
            assertEquals(false, json(calendly.get("/api/v1/calendly/status").body()).at("/webhook/acceptsUnsigned").asBoolean());
        }
    }

    @Nested
    class UnsignedAllowed extends AppTestSupport {
        @Override
        protected void settings(Properties settings) {
            settings.put("calendly.webhook-secret", "");
            settings.put("calendly.allow-unsigned", "true");
        }

        @Test
        void unsignedDeliveriesAreAcceptedAndTheStatusSaysSo() {
            TestDatabase.wipe();
            var response = calendly.post(Samples.bytes(Samples.CREATED), null, "application/json");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(1, TestDatabase.count("SELECT count(*) FROM meetings"));
            var status = json(calendly.get("/api/v1/calendly/status").body());
            assertTrue(status.at("/webhook/acceptsUnsigned").asBoolean());
            assertEquals(false, status.at("/webhook/signatureChecking").asBoolean());
        }
    }
}
