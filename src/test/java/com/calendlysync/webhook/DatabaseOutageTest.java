package com.calendlysync.webhook;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the database gone, nothing can be stored: the webhook answers 503 with Retry-After, so
 * Calendly retries later, and the health check says the database is down. Uses a PostgreSQL of
 * its own, which it stops halfway.
 */
class DatabaseOutageTest extends AppTestSupport {

    private static EmbeddedPostgres own;

    @Override
    protected void settings(Properties settings) {
        try {
            Path dir = Path.of("target", "outage-postgres");
            FileUtil.removeDir(dir.toFile());
            own = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        settings.put("database.url", own.getJdbcUrl("postgres", "postgres"));
        settings.put("database.connect-timeout-ms", "1000");
        settings.put("calendly.retry-after-seconds", "45");
    }

    @AfterAll
    void stopOwnDatabase() throws IOException {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void withTheDatabaseDownDeliveriesGet503WithRetryAfter() throws IOException {
        assertEquals(200, calendly.deliver(Samples.bytes(Samples.CREATED)).statusCode());
        own.close();

        HttpResponse<String> response = calendly.deliver(Samples.bytes(Samples.CANCELED));

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("45", response.headers().firstValue("Retry-After").orElse(""));
        JsonNode body = json(response.body());
        assertEquals("database_unavailable", body.get("error").asText());
        assertTrue(body.get("message").asText().contains("nothing was stored"));

        HttpResponse<String> health = calendly.get("/observe/health");
        assertEquals(503, health.statusCode());
        assertTrue(health.body().contains("\"database\""), health.body());
        own = null;
    }
}
