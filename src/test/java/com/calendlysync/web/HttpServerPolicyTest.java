package com.calendlysync.web;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.calendlysync.web.ApiException;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.RawHttp;
import com.calendlysync.support.TestDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, defects 7, 9 and 10: the headers every answer carries (API: nosniff and no-store,
 * errors and new tokens included; dashboard: revalidated, never framed, no referrer), no answer
 * ever 410 Gone, and a client that stalls while the server waits for it is disconnected after
 * HTTP_IDLE_TIMEOUT_SECONDS (2 s here) while a request the server works on is never cut.
 */
class HttpServerPolicyTest extends AppTestSupport {

    private static final int IDLE_SECONDS = 2;
    private static final String EXPORT = "/api/v1/meetings/export?format=csv";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private boolean prepared;

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.http-idle-timeout-seconds", String.valueOf(IDLE_SECONDS));
        settings.put("calendly.export-max-concurrent", "1");
    }

    @BeforeEach
    void prepare() throws Exception {
        if (prepared) {
            return;
        }
        // about 8 MB of CSV, more than the socket buffers hold
        TestDatabase.execute("INSERT INTO meetings (title, source, start_time) SELECT 'Meeting ' || i || ' ' || repeat('x', 1000), "
                + "'manual', timestamptz '2026-01-01 09:00Z' + i * interval '1 hour' FROM generate_series(1, 8000) AS i");
        // a lambda, not a RouteBuilder class: Camel Main's package scan would pick a class up in every test's app
        RouteBuilder.addRoutes(context, routes -> {
            routes.from("platform-http:/test/gone-by-status?httpMethodRestrict=GET").routeId("test-gone-by-status")
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, routes.constant(410))
                    .setBody(routes.constant("{\"error\":\"gone\",\"message\":\"set by a route\"}"));
            routes.from("platform-http:/test/gone-by-error?httpMethodRestrict=GET").routeId("test-gone-by-error")
                    .routeConfigurationId("api-errors")
                    .throwException(new ApiException(410, "gone", "thrown by a route"));
            routes.from("platform-http:/test/slow?httpMethodRestrict=GET").routeId("test-slow")
                    .delay(IDLE_SECONDS * 3000L)
                    .setBody(routes.constant("{\"done\":true}"));
        });
        prepared = true;
    }

    @Test
    void apiAnswersAreNeitherSniffedNorStoredErrorsAndNewTokensIncluded() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                api.get("/api/v1/me", ADMIN_TOKEN),
                api.get("/api/v1/meetings", null),
                api.get("/api/v1/meetings?limit=0", ADMIN_TOKEN),
                api.get("/api/v1/nothing-here", ADMIN_TOKEN),
                api.delete("/api/v1/me", ADMIN_TOKEN),
                api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"auditor\",\"label\":\"headers\"}"),
                api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"label\":\"" + "x".repeat(1_100_000) + "\"}"),
                api.get(EXPORT + "&from=2030-01-01", ADMIN_TOKEN),
                api.get("/observe/health", null));
        assertEquals(List.of(200, 401, 400, 404, 405, 201, 413, 200, 200), answers.stream().map(HttpResponse::statusCode).toList());
        for (HttpResponse<String> answer : answers) {
            String what = answer.request().method() + " " + answer.uri().getPath() + " " + answer.statusCode();
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), what);
            assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""), what);
        }
        assertTrue(answers.get(5).body().contains("\"token\""));

        // answers the HTTP decoder makes before any route: JSON, with the same headers
        RawHttp.Answer tooLong = RawHttp.send("GET", "/api/v1/meetings?q=" + "a".repeat(20_000), ADMIN_TOKEN, null, null);
        assertEquals(414, tooLong.status());
        assertEquals("nosniff", tooLong.header("X-Content-Type-Options"));
        assertEquals("no-store", tooLong.header("Cache-Control"));
        assertEquals("uri_too_long", json(tooLong.body()).get("error").asText());
    }

    @Test
    void dashboardAnswersAreRevalidatedNeverFramedAndSendNoReferrer() throws Exception {
        for (String path : List.of("/", "/assets/app.js", "/assets/app.css", "/assets/favicon.svg", "/assets/missing.js")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(path.contains("missing") ? 404 : 200, answer.statusCode(), path);
            assertEquals("no-cache", answer.headers().firstValue("Cache-Control").orElse(""), path);
            assertEquals("DENY", answer.headers().firstValue("X-Frame-Options").orElse(""), path);
            assertEquals("no-referrer", answer.headers().firstValue("Referrer-Policy").orElse(""), path);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertTrue(answer.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"), path);
        }
    }

    @Test
    void noAnswerIsEver410Gone() {
        for (String path : List.of("/test/gone-by-status", "/test/gone-by-error")) {
            HttpResponse<String> answer = api.get(path, null);
            assertEquals(404, answer.statusCode(), path + " " + answer.body());
            assertTrue(json(answer.body()).has("message"), answer.body());
        }
    }

    @Test
    void aRequestWhoseBodyNeverFinishesIsAnswered408AndDisconnected() throws Exception {
        URI base = URI.create(baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(IDLE_SECONDS * 5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/tokens HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"role\":\"aud").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long sent = System.nanoTime();

            String answer = readUntilClosed(socket.getInputStream());
            Duration waited = Duration.ofNanos(System.nanoTime() - sent);

            assertTrue(waited.compareTo(Duration.ofSeconds(IDLE_SECONDS)) >= 0, "cut after " + waited);
            assertTrue(waited.compareTo(Duration.ofSeconds(IDLE_SECONDS * 2L + 1)) <= 0, "cut after " + waited);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"error\":\"request_timeout\""), answer);
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM api_tokens WHERE role = 'auditor' AND label IS NULL"));
    }

    @Test
    void anExportItsClientStopsReadingIsEndedAndFreesItsSlot() throws Exception {
        URI base = URI.create(baseUrl());
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8 * 1024);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.getOutputStream().write(("GET " + EXPORT + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ADMIN_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] start = socket.getInputStream().readNBytes(16 * 1024);
            assertTrue(new String(start, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));

            // the one export slot is taken while the client holds the connection without reading; once the
            // server's buffers are full nothing moves, and within two timeouts the export is ended
            assertEquals(429, api.get(EXPORT + "&from=2030-01-01", ADMIN_TOKEN).statusCode());
            await().atMost(Duration.ofSeconds(IDLE_SECONDS * 2L + 15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get(EXPORT + "&from=2030-01-01", ADMIN_TOKEN).statusCode() == 200);
            await().atMost(Duration.ofSeconds(3)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'") == 0);
        }
    }

    @Test
    void aRequestTheServerIsStillWorkingOnIsNotCut() {
        HttpResponse<String> slow = api.get("/test/slow", null);
        assertEquals(200, slow.statusCode(), slow.body());
        assertEquals("{\"done\":true}", slow.body());
    }

    private static String readUntilClosed(InputStream in) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            received.write(buffer, 0, n);
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
