package com.calendlysync.webhook;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Delivery;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a delivery can be refused gets its status and a JSON reason; nothing leaks back. */
class WebhookRejectionTest extends AppTestSupport {

    private static final int MAX_BODY = 16 * 1024;
    private final byte[] body = Samples.bytes(Samples.CREATED);

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.webhook-secret", "retired-key, " + SECRET);
        settings.put("calendly.max-body-bytes", String.valueOf(MAX_BODY));
    }

    @BeforeEach
    void clean() {
        TestDatabase.wipe();
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode json = json(response.body());
        assertEquals(error, json.get("error").asText(), response.body());
        assertFalse(json.get("message").asText().isBlank());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), "no stack trace");
        return json;
    }

    private String signed(long timestamp, String secret) {
        return SignatureVerifier.sign(secret, timestamp, body);
    }

    @Test
    void unsignedWrongOrMalformedSignaturesAre401AndNotStored() {
        long now = Instant.now().getEpochSecond();
        assertError(calendly.post(body, null, "application/json"), 401, "invalid_signature");
        assertError(calendly.post(body, "nonsense", "application/json"), 401, "invalid_signature");
        assertError(calendly.post(body, "t=" + now + ",v1=" + "ab".repeat(32), "application/json"), 401, "invalid_signature");
        assertError(calendly.post(body, signed(now, "someone-elses-key"), "application/json"), 401, "invalid_signature");
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[tampered.length - 3] = ' ';
        assertError(calendly.post(tampered, signed(now, SECRET), "application/json"), 401, "invalid_signature");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM webhook_deliveries"));
    }

    @Test
    void staleAndFutureTimestampsAre401() {
        long now = Instant.now().getEpochSecond();
        JsonNode stale = assertError(calendly.post(body, signed(now - 600, SECRET), "application/json"), 401, "invalid_signature");
        assertTrue(stale.get("message").asText().contains("tolerance"));
        assertError(calendly.post(body, signed(now + 600, SECRET), "application/json"), 401, "invalid_signature");
    }

    @Test
    void aRetiredKeyStillAcceptedDuringRotation() {
        HttpResponse<String> response = calendly.post(body, signed(Instant.now().getEpochSecond(), "retired-key"),
                "application/json");
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void invalidJsonIs400AndStoredAsFailed() {
        byte[] broken = "{\"event\": \"invitee.created\", \"payload\": ".getBytes();
        assertError(calendly.deliver(broken), 400, "invalid_json");
        JsonNode notAnObject = assertError(calendly.deliver("[1,2]".getBytes()), 400, "invalid_json");
        assertTrue(notAnObject.get("message").asText().contains("object"));

        var failed = TestDatabase.query("SELECT error, raw_body FROM webhook_deliveries WHERE outcome = 'failed' ORDER BY id");
        assertEquals(2, failed.size(), "a signed delivery we cannot read is kept for inspection and replay");
        assertEquals(new String(broken), new String((byte[]) failed.get(0).get("raw_body")));
    }

    @Test
    void aMissingOrMalformedRequiredFieldIs400NamingIt() {
        JsonNode noEvent = assertError(calendly.deliver("{\"payload\":{}}".getBytes()), 400, "missing_field");
        assertTrue(noEvent.get("message").asText().contains("'event'"));

        JsonNode noUri = assertError(calendly.deliver(Delivery.of(Samples.CREATED).with(e -> ((ObjectNode) e.get("payload"))
                .remove("uri")).bytes()), 400, "missing_field");
        assertTrue(noUri.get("message").asText().contains("payload.uri"), noUri.toString());

        JsonNode badTime = assertError(calendly.deliver(Delivery.of(Samples.CREATED).with(e -> ((ObjectNode) e.at(
                "/payload/scheduled_event")).put("start_time", "next tuesday")).bytes()), 400, "invalid_field");
        assertTrue(badTime.get("message").asText().contains("payload.scheduled_event.start_time"), badTime.toString());

        JsonNode badStatus = assertError(calendly.deliver(Delivery.of(Samples.CREATED).with(e -> ((ObjectNode) e.get(
                "payload")).put("status", "maybe")).bytes()), 400, "invalid_field");
        assertTrue(badStatus.get("message").asText().contains("payload.status"));

        assertEquals(4, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE outcome = 'failed'"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM meetings"));
        assertTrue(TestDatabase.one("SELECT error FROM webhook_deliveries WHERE outcome = 'failed' ORDER BY id LIMIT 1 OFFSET 1")
                .get("error").toString().contains("payload.uri"));
    }

    @Test
    void aBodyOverTheLimitIs413() {
        byte[] big = new byte[MAX_BODY + 1024];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        JsonNode answer = assertError(calendly.deliver(big), 413, "payload_too_large");
        assertTrue(answer.get("message").asText().contains(String.valueOf(MAX_BODY)));
    }

    @Test
    void aNonJsonContentTypeIs415() {
        String signature = signed(Instant.now().getEpochSecond(), SECRET);
        assertError(calendly.post(body, signature, "text/plain"), 415, "unsupported_media_type");
        assertError(calendly.post(body, signature, "application/x-www-form-urlencoded"), 415, "unsupported_media_type");
        assertEquals(200, calendly.post(body, signature, "application/json; charset=utf-8").statusCode());
    }

    @Test
    void otherMethodsAndUnknownPathsGetJsonErrors() {
        assertError(calendly.get("/api/v1/calendly/webhook"), 405, "method_not_allowed");
        assertError(calendly.get("/api/v1/nothing-here"), 404, "not_found");
    }

    @Test
    void requestHeadersAreNotEchoedBack() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/calendly/webhook"))
                .header("Content-Type", "application/json")
                .header("Calendly-Webhook-Signature", signed(Instant.now().getEpochSecond(), SECRET))
                .header("X-Internal-Token", "do-not-reflect")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> ok = calendly.send(request);
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("X-Internal-Token").isEmpty());
        assertTrue(ok.headers().firstValue("Calendly-Webhook-Signature").isEmpty());

        HttpRequest unsigned = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/calendly/webhook"))
                .header("Content-Type", "application/json").header("X-Internal-Token", "do-not-reflect")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> refused = calendly.send(unsigned);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.headers().firstValue("X-Internal-Token").isEmpty());
    }
}
