package com.calendlysync.calendly;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No CALENDLY_API_TOKEN: reconciliation is off, the status says so, and an import needs a token in the body. */
class WithoutApiTokenTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();

    private final ImportClient api = new ImportClient(baseUrl(), calendly);

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", "");
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void everythingThatNeedsTheApiSaysWhatIsMissing() throws Exception {
        assertFalse(context.getRouteController().getRouteStatus("calendly-reconcile").isStarted(), "reconciliation is off");

        JsonNode status = json(calendly.get("/api/v1/calendly/status").body());
        assertFalse(status.at("/apiToken/configured").asBoolean(), status.toString());
        assertTrue(status.at("/apiToken/valid").isNull());
        assertTrue(status.at("/apiToken/message").asText().contains("CALENDLY_API_TOKEN"));
        assertEquals("unknown", status.at("/subscription/state").asText());

        HttpResponse<String> noToken = api.start("{\"startDate\":\"2026-01-01\",\"endDate\":\"2026-01-31\"}");
        assertEquals(400, noToken.statusCode(), noToken.body());
        assertTrue(noToken.body().contains("calendlyApiToken"), noToken.body());

        HttpResponse<String> setup = api.post("/api/v1/calendly/setup", "{\"callbackUrl\":\"https://x.example/hook\"}");
        assertEquals(400, setup.statusCode(), setup.body());
        assertTrue(setup.body().contains("CALENDLY_API_TOKEN"));

        // a token in the body is enough for that one import
        SIM.addInvitee(SIM.addEvent(Instant.parse("2026-01-10T10:00:00Z"), 30, "Call", List.of(History.ALICE)),
                "Gus", "gus@client.example");
        String jobId = api.startOk("{\"startDate\":\"2026-01-01\",\"endDate\":\"2026-01-31\",\"calendlyApiToken\":\""
                + CalendlySimulator.TOKEN + "\"}");
        JsonNode job = api.await(jobId, Duration.ofSeconds(30));
        assertEquals("completed", job.get("status").asText(), job.toString());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings"));

        long meetingId = ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings").get("meeting_id")).longValue();
        HttpResponse<String> cancel = api.post("/api/v1/meetings/" + meetingId + "/cancel", "{}");
        assertEquals(503, cancel.statusCode(), cancel.body());
        assertTrue(cancel.body().contains("CALENDLY_API_TOKEN"));
    }
}
