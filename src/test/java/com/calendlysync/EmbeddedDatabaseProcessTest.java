package com.calendlysync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.calendlysync.support.AppProcess;
import com.calendlysync.support.Samples;
import com.calendlysync.support.WebhookClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fresh machine with no DATABASE_URL: the app starts its own PostgreSQL in the data folder,
 * says so at start-up, and still has its meetings after a restart.
 */
class EmbeddedDatabaseProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startsWithItsOwnDatabaseAndKeepsTheDataAcrossRestarts() throws Exception {
        Path dataDir = Path.of("target", "process-test-data");
        FileUtil.removeDir(dataDir.toFile());
        Files.createDirectories(dataDir);
        int port = AvailablePortFinder.getNextAvailable();
        Map<String, String> env = Map.of("CALENDLY_DATA_DIR", dataDir.toString(),
                "CALENDLY_WEBHOOK_SECRET", "process-key", "CALENDLY_DEBUG", "true");

        long meetingId;
        try (AppProcess app = AppProcess.start(port, dataDir.resolve("first.log"), env)) {
            String log = app.log();
            assertTrue(log.contains("calendly-sync is up at http://localhost:" + port), log);
            assertTrue(log.contains("database: embedded PostgreSQL"), log);
            assertTrue(log.contains("webhooks: signature checking ON with 1 key(s)"), log);

            WebhookClient calendly = app.client("process-key");
            var answer = calendly.deliver(Samples.bytes(Samples.CREATED));
            assertEquals(200, answer.statusCode(), answer.body());
            meetingId = JSON.readTree(answer.body()).get("meetingId").asLong();

            String debug = String.join("\n", app.logLines().stream().filter(l -> l.contains(" c.delivery ")).toList());
            assertTrue(debug.contains("received") && debug.contains("mapped") && debug.contains("stored"), debug);
            assertTrue(debug.contains("j***@example.com"), "emails are masked in debug logs: " + debug);
            assertFalse(app.log().contains("jordan.ellis@example.com"), "no email in clear in the log");

            var metrics = calendly.get("/observe/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"));
        }

        try (AppProcess again = AppProcess.start(port, dataDir.resolve("second.log"), env)) {
            assertEquals("on", again.postgresSetting("fsync"), "the app's own database must be durable");
            assertEquals("on", again.postgresSetting("synchronous_commit"));
            var details = again.client("process-key").get("/api/v1/calendly/" + meetingId + "/calendly-details");
            assertEquals(200, details.statusCode(), details.body());
            JsonNode json = JSON.readTree(details.body());
            assertEquals("jordan.ellis@example.com", json.at("/invitee/email").asText());
        }
    }
}
