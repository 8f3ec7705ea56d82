package com.calendlysync.reports;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embeddable widgets: an admin makes a signed, expiring URL for one report; the URL's page is
 * frameable and its data needs no token; an altered or expired URL is refused; nothing else of
 * the dashboard becomes frameable.
 */
class WidgetsApiTest extends AppTestSupport {

    private static final String QUERY = "{\"from\":\"2026-03-01\",\"to\":\"2026-04-01\",\"tz\":\"Europe/Berlin\",\"interval\":\"week\"}";
    private boolean seeded;

    @BeforeEach
    void seed() {
        if (!seeded) {
            ReportFixture.seed(calendly);
            seeded = true;
        }
    }

    @Test
    void anAdminMakesAWidgetWhosePageIsFrameableAndWhoseDataNeedsNoToken() {
        HttpResponse<String> created = api.post("/api/v1/widgets", ADMIN_TOKEN,
                "{\"report\":\"volume\",\"parameters\":" + QUERY + ",\"expiresInDays\":7}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode widget = ApiClient.json(created);
        String url = widget.get("url").asText();
        assertTrue(url.startsWith(baseUrl() + "/widgets/"), url);
        assertFalse(url.contains(ADMIN_TOKEN) || url.contains("token"), "no API token in the URL");
        Instant expires = Instant.parse(widget.get("expiresAt").asText());
        assertTrue(Math.abs(Duration.between(Instant.now().plus(Duration.ofDays(7)), expires).toSeconds()) < 60);

        HttpResponse<String> page = get(url);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors *"), csp);
        assertTrue(page.headers().firstValue("X-Frame-Options").isEmpty());
        assertTrue(page.body().contains("/assets/widget.js"));
        // the dashboard itself stays unframeable
        assertTrue(get(baseUrl() + "/").headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));

        HttpResponse<String> data = get(url + "/data");
        assertEquals(200, data.statusCode(), data.body());
        JsonNode fromWidget = ApiClient.json(data);
        JsonNode fromApi = ApiClient.json(api.get("/api/v1/reports/volume?from=2026-03-01&to=2026-04-01&tz=Europe/Berlin&interval=week", ADMIN_TOKEN));
        assertEquals(fromApi.get("buckets"), fromWidget.get("buckets"));
        assertEquals(3, fromWidget.get("buckets").get(4).get("booked").asLong());
        assertEquals(widget.get("expiresAt").asText(), fromWidget.get("widget").get("expiresAt").asText());
    }

    @Test
    void anAlteredOrExpiredWidgetIsRefused() throws Exception {
        String path = ApiClient.json(api.post("/api/v1/widgets", ADMIN_TOKEN, "{\"report\":\"summary\",\"parameters\":" + QUERY.replace(",\"interval\":\"week\"", "") + "}"))
                .get("path").asText();
        String id = path.substring("/widgets/".length());
        String payload = id.substring(0, id.indexOf('.'));
        String signature = id.substring(id.indexOf('.') + 1);

        // another report or other filters under the same signature
        String other = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).replace("summary", "utilization");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(other.getBytes(StandardCharsets.UTF_8)) + "." + signature;
        assertRefused("/widgets/" + forged + "/data", "widget_invalid");
        assertRefused("/widgets/" + forged, "widget_invalid");
        assertRefused("/widgets/" + payload + "." + signature.substring(1) + "A/data", "widget_invalid");
        assertRefused("/widgets/" + payload + "/data", "widget_invalid");
        assertRefused("/widgets/nonsense.x/data", "widget_invalid");

        // signed with the server's key but past its expiry
        byte[] key = (byte[]) TestDatabase.one("SELECT signing_key FROM report_widget_keys WHERE id = 1").get("signing_key");
        String expired = new WidgetLink("summary", "tz=UTC", Instant.now().minusSeconds(5)).sign(key);
        assertRefused("/widgets/" + expired + "/data", "widget_expired");
        assertRefused("/widgets/" + expired, "widget_expired");
        String valid = new WidgetLink("summary", "tz=UTC", Instant.now().plusSeconds(600)).sign(key);
        assertEquals(200, get(baseUrl() + "/widgets/" + valid + "/data").statusCode());
    }

    @Test
    void aWidgetIsCheckedWhenItIsMade() {
        assertBad("{\"report\":\"revenue\"}", "field 'report'");
        assertBad("{}", "field 'report'");
        assertBad("{\"report\":\"volume\",\"parameters\":{\"format\":\"csv\"}}", "'format'");
        assertBad("{\"report\":\"volume\",\"parameters\":{\"days\":\"30\"}}", "'days'");
        assertBad("{\"report\":\"volume\",\"parameters\":{\"tz\":\"Nowhere/Land\"}}", "parameter 'tz'");
        assertBad("{\"report\":\"volume\",\"parameters\":{\"interval\":\"hour\"}}", "parameter 'interval'");
        assertBad("{\"report\":\"volume\",\"expiresInDays\":0}", "'expiresInDays'");
        assertBad("{\"report\":\"volume\",\"expiresInDays\":400}", "'expiresInDays'");
        assertBad("not json", "JSON");
        String manager = api.createToken(ADMIN_TOKEN, "manager", null);
        assertEquals(403, api.post("/api/v1/widgets", manager, "{\"report\":\"volume\"}").statusCode());
    }

    private void assertBad(String body, String message) {
        HttpResponse<String> response = api.post("/api/v1/widgets", ADMIN_TOKEN, body);
        assertEquals(400, response.statusCode(), body + ": " + response.body());
        assertTrue(ApiClient.json(response).get("message").asText().contains(message), response.body());
    }

    private void assertRefused(String path, String error) {
        HttpResponse<String> response = get(baseUrl() + path);
        assertEquals(403, response.statusCode(), path + ": " + response.body());
        assertEquals(error, ApiClient.json(response).get("error").asText());
    }

    private HttpResponse<String> get(String url) {
        return api.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }
}
