package com.calendlysync.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, the API side: hostile and malformed requests of every kind the probe sent (NUL
 * characters, dates PostgreSQL cannot hold, huge and negative numbers, hand-made cursors,
 * broken, deep or long JSON, wrong content types) each get the expected 4xx with a JSON
 * {"error", "message"} that says what is wrong in the caller's terms: never a 5xx, a stack
 * trace, a class name or SQL. Afterwards the app is still healthy.
 */
class HostileInputTest extends AppTestSupport {

    /** What no answer may contain: traces, class and package names, SQL and parser internals. */
    private static final List<String> LEAKS = List.of("Exception", "java.", "org.", "com.", "SQL", "PL/pgSQL",
            "constraint", "StreamReadConstraints", "\tat ");
    private static final String JSON_TYPE = "application/json";
    private static final String[] LIST_PARAMETERS = {"status", "from", "to", "customerId", "employeeId", "eventType", "q",
            "source", "sort", "limit", "cursor"};
    private static final String[] LISTS = {"/api/v1/meetings", "/api/v1/customers/1/meetings", "/api/v1/employees/1/meetings"};

    private String employeeToken;

    /** One hostile request and the answer it must get. role: admin, employee or none. */
    record Case(String method, String target, String role, String contentType, byte[] body, int status, String error) {

        @Override
        public String toString() {
            String shown = target.length() > 90 ? target.substring(0, 90) + "...(" + target.length() + ")" : target;
            String sent = body == null ? "" : " body " + (body.length > 60 ? new String(body, 0, 60, StandardCharsets.UTF_8)
                    + "...(" + body.length + ")" : new String(body, StandardCharsets.UTF_8));
            return method + " " + shown + " as " + role + (contentType == null ? "" : " [" + contentType + "]") + sent
                    + " -> " + status + " " + error;
        }
    }

    @BeforeEach
    void seed() {
        if (employeeToken != null) {
            return;
        }
        MeetingSeeder.people();
        new MeetingSeeder().seed(30);
        employeeToken = api.createToken(ADMIN_TOKEN, "employee", 1L);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // NUL characters: every query parameter of the lists and the export, names too
        for (String list : LISTS) {
            for (String parameter : LIST_PARAMETERS) {
                if (list.endsWith("/1/meetings") && (parameter.equals("customerId") && list.contains("customers")
                        || parameter.equals("employeeId") && list.contains("employees"))) {
                    continue;
                }
                cases.add(get(list + "?" + parameter + "=a%00b", 400, "bad_request"));
                cases.add(get(list + "?" + parameter + "=%00", 400, "bad_request"));
            }
        }
        for (String parameter : new String[] {"status", "from", "to", "customerId", "employeeId", "eventType", "q", "source",
                "sort", "format"}) {
            cases.add(get("/api/v1/meetings/export?" + parameter + "=x%00", 400, "bad_request"));
        }
        cases.add(get("/api/v1/meetings/export?format=xlsx&q=%00person@example.com", 400, "bad_request"));
        cases.add(get("/api/v1/deliveries?outcome=failed%00", 400, "bad_request"));
        cases.add(get("/api/v1/deliveries?cursor=%00", 400, "bad_request"));
        cases.add(get("/api/v1/meetings?q%00=x", 400, "bad_request"));
        cases.add(get("/api/v1/meetings/%00", 400, "bad_request"));
        cases.add(get("/api/v1/calendly/%00/calendly-details", 400, "bad_request"));
        cases.add(as("employee", "GET", "/api/v1/meetings?q=%00", null, null, 400, "bad_request"));
        // NUL characters in JSON bodies: a token's label, role and date, a field name, a nested value, a cancel reason
        cases.add(post("/api/v1/tokens", "{\"role\":\"manager\",\"label\":\"a\\u0000b\"}", 400, "bad_request"));
        cases.add(post("/api/v1/tokens", "{\"role\":\"manager\\u0000\"}", 400, "bad_request"));
        cases.add(post("/api/v1/tokens", "{\"role\":\"manager\",\"expiresAt\":\"2099-01-01T00:00:00Z\\u0000\"}", 400, "bad_request"));
        cases.add(post("/api/v1/tokens", "{\"role\":\"manager\",\"la\\u0000bel\":\"x\"}", 400, "bad_request"));
        cases.add(post("/api/v1/tokens", "{\"role\":\"manager\",\"label\":[\"\\u0000\"]}", 400, "bad_request"));
        cases.add(post("/api/v1/meetings/1/cancel", "{\"reason\":\"no\\u0000thanks\"}", 400, "bad_request"));
        cases.add(post("/api/v1/calendly/import", "{\"startDate\":\"2026-01-01\\u0000\",\"endDate\":\"2026-01-02\"}", 400, "bad_request"));

        // dates PostgreSQL cannot hold, and other bad dates, in every date parameter and field
        String[] badDates = {"0000-01-01", "-0001-01-01", "-0001-01-01T00:00:00Z", "%2B294277-01-01T00:00:00Z",
            "%2B10000-01-01", "10000-01-01T00:00:00Z", "2026-02-30", "2026-11-23T25:00:00Z", "99999999999999999999",
            "2026-11-23T09:00:00%2B99:00"};
        for (String date : badDates) {
            for (String parameter : new String[] {"from", "to"}) {
                cases.add(get("/api/v1/meetings?" + parameter + "=" + date, 400, "bad_request"));
                cases.add(get("/api/v1/meetings/export?format=xlsx&" + parameter + "=" + date, 400, "bad_request"));
                cases.add(get("/api/v1/meetings/export?format=csv&" + parameter + "=" + date, 400, "bad_request"));
                cases.add(get("/api/v1/customers/1/meetings?" + parameter + "=" + date, 400, "bad_request"));
            }
            String plain = date.replace("%2B", "+");
            cases.add(post("/api/v1/tokens", "{\"role\":\"manager\",\"expiresAt\":\"" + plain + "\"}", 400, "bad_request"));
            cases.add(post("/api/v1/calendly/import", "{\"startDate\":\"" + plain + "\",\"endDate\":\"2026-01-02\"}", 400, "bad_request"));
            cases.add(post("/api/v1/calendly/import", "{\"startDate\":\"2026-01-01\",\"endDate\":\"" + plain + "\"}", 400, "bad_request"));
        }

        // numbers out of range in paths and queries: huge, negative, 5,000 digits, other scripts, exponents
        String digits5000 = "9".repeat(5000);
        for (String number : new String[] {"99999999999999999999", "-1", "0", digits5000, "1e3", "%D9%A5", "%2B5", "0x10",
            "9223372036854775808"}) {
            cases.add(get("/api/v1/meetings?limit=" + number, 400, "bad_request"));
            cases.add(get("/api/v1/meetings?customerId=" + number, 400, "bad_request"));
            cases.add(get("/api/v1/meetings?employeeId=" + number, 400, "bad_request"));
            cases.add(get("/api/v1/deliveries?limit=" + number, 400, "bad_request"));
            cases.add(get("/api/v1/deliveries?cursor=" + number, 400, "bad_request"));
            cases.add(get("/api/v1/meetings/" + number, 400, "bad_request"));
            cases.add(get("/api/v1/customers/" + number + "/meetings", 400, "bad_request"));
            cases.add(get("/api/v1/employees/" + number + "/meetings", 400, "bad_request"));
            cases.add(get("/api/v1/calendly/" + number + "/calendly-details", 400, "bad_request"));
            cases.add(as("admin", "DELETE", "/api/v1/tokens/" + number, null, null, 400, "bad_request"));
            cases.add(post("/api/v1/meetings/" + number + "/cancel", "{}", 400, "bad_request"));
            cases.add(post("/api/v1/deliveries/" + number + "/replay", null, 400, "bad_request"));
        }
        // numbers out of range in bodies: never wrapped to a small id, never a parser's message
        for (String number : new String[] {"18446744073709551617", "-1", "0", "1.5", "1e3", "\"7\"", "9223372036854775808",
            "1".repeat(5000), "1." + "0".repeat(5000)}) {
            cases.add(post("/api/v1/tokens", "{\"role\":\"employee\",\"employeeId\":" + number + "}", 400, "bad_request"));
        }

        // hand-made and broken cursors
        cases.add(get("/api/v1/meetings?cursor=not-a-cursor", 400, "bad_request"));
        cases.add(get("/api/v1/meetings?cursor=%25%25%25", 400, "bad_request"));
        cases.add(get("/api/v1/meetings?cursor=" + cursor("not json"), 400, "bad_request"));
        cases.add(get("/api/v1/meetings?cursor=" + cursor("[1,2,3]"), 400, "bad_request"));
        cases.add(get("/api/v1/meetings?cursor=" + cursor("[".repeat(3000)), 400, "bad_request"));
        for (String forged : new String[] {
            "{\"s\":\"-startTime\",\"k\":\"abc\",\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"'; DROP TABLE meetings; --\",\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"2026-02-30 00:00:00+00\",\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"294277-01-01 00:00:00+00\",\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"99999-01-01 00:00:00+00 BC\",\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"infinity\",\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"2026-01-01 00:00:00\\u0000+00\",\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"2026-01-01 00:00:00+00\",\"i\":-1}",
            "{\"s\":\"-startTime\",\"k\":\"2026-01-01 00:00:00+00\",\"i\":99999999999999999999}",
            "{\"s\":\"-startTime\",\"k\":\"2026-01-01 00:00:00+00\",\"i\":1.5}",
            "{\"s\":\"-startTime\",\"k\":\"2026-01-01 00:00:00+00\",\"i\":\"1\"}",
            "{\"s\":\"-startTime\",\"k\":20260101,\"i\":1}",
            "{\"s\":\"-startTime\",\"k\":\"2026-01-01 00:00:00+00\",\"i\":1,\"x\":1}",
            "{\"s\":\"startTime\",\"k\":\"2026-01-01 00:00:00+00\",\"i\":1}",
            "{\"s\":\"name\",\"k\":\"2026-01-01 00:00:00+00\",\"i\":1}",
            "{}"}) {
            cases.add(get("/api/v1/meetings?cursor=" + cursor(forged), 400, "invalid_cursor"));
            cases.add(get("/api/v1/employees/1/meetings?cursor=" + cursor(forged), 400, "invalid_cursor"));
        }

        // malformed, deep and long JSON bodies
        for (String body : new String[] {"{not json", "{\"role\":", "[1,2]", "\"manager\"", "42", "null",
            "{\"role\":\"manager\"} trailing", "{\"role\":\"manager\",\"role\":\"admin\"}", "{\"role\":NaN}",
            "{\"role\":\"manager\",}", "\uFEFF{\"role\":\"manager\"}", "{'role':'manager'}", "[".repeat(10_000),
            "{\"a\":".repeat(10_000), "[" + "1".repeat(5000) + "]", "{\"label\":" + "9".repeat(100_000) + "}",
            "{\"role\":\"manager\",\"label\":\"" + "x".repeat(300) + "\"}"}) {
            cases.add(post("/api/v1/tokens", body, 400, "bad_request"));
        }
        cases.add(post("/api/v1/meetings/1/cancel", "[".repeat(10_000), 400, "bad_request"));
        cases.add(post("/api/v1/meetings/1/cancel", "{\"reason\":" + "1".repeat(5000) + "}", 400, "bad_request"));
        cases.add(post("/api/v1/meetings/1/cancel", "{\"reason\":\"x\",\"when\":\"now\"}", 400, "bad_request"));
        cases.add(post("/api/v1/calendly/import", "[".repeat(10_000), 400, "bad_request"));
        cases.add(post("/api/v1/calendly/setup", "[".repeat(10_000), 400, "bad_request"));

        // wrong content types
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/xml", "application/jsonx"}) {
            cases.add(as("admin", "POST", "/api/v1/tokens", type, "{\"role\":\"manager\"}", 415, "unsupported_media_type"));
            cases.add(as("admin", "POST", "/api/v1/meetings/1/cancel", type, "{\"reason\":\"x\"}", 415, "unsupported_media_type"));
        }
        cases.add(as("admin", "POST", "/api/v1/tokens", null, "{\"role\":\"manager\"}", 415, "unsupported_media_type"));
        cases.add(as("admin", "POST", "/api/v1/tokens", JSON_TYPE, "", 400, "bad_request"));

        // the rest of the request: encoding, length, methods, paths, roles, headers smuggled as parameters
        cases.add(get("/api/v1/meetings?q=%zz", 400, "bad_request"));
        cases.add(get("/api/v1/meetings?q=%", 400, "bad_request"));
        cases.add(get("/api/v1/meetings?q=" + "a".repeat(20_000), 414, "uri_too_long"));
        cases.add(get("/api/v1/meetings?q=" + "a".repeat(300), 400, "bad_request"));
        cases.add(get("/api/v1/meetings?CamelHttpResponseCode=410", 400, "bad_request"));
        cases.add(get("/api/v1/meetings?status=gone&status=active", 400, "bad_request"));
        cases.add(get("/api/v1/nothing-here", 404, "not_found"));
        cases.add(get("/assets/..%2F..%2Fapplication.properties", 404, "not_found"));
        cases.add(get("/assets/%00.js", 404, "not_found"));
        cases.add(as("admin", "DELETE", "/api/v1/meetings", null, null, 405, "method_not_allowed"));
        cases.add(as("admin", "PUT", "/api/v1/tokens", JSON_TYPE, "{}", 405, "method_not_allowed"));
        cases.add(as("none", "GET", "/api/v1/meetings?q=%00", null, null, 401, "unauthorized"));
        cases.add(as("employee", "POST", "/api/v1/tokens", JSON_TYPE, "[".repeat(10_000), 403, "forbidden"));
        cases.add(as("admin", "POST", "/api/v1/tokens", JSON_TYPE, "{\"role\":\"manager\",\"label\":\"" + "x".repeat(2_000_000) + "\"}",
                413, "payload_too_large"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachHostileRequestGetsAClearJson4xx(Case hostile) {
        String token = switch (hostile.role()) {
            case "admin" -> ADMIN_TOKEN;
            case "employee" -> employeeToken;
            default -> null;
        };
        RawHttp.Answer answer = RawHttp.send(hostile.method(), hostile.target(), token, hostile.contentType(), hostile.body());

        assertTrue(answer.status() >= 400 && answer.status() < 500, answer.status() + " " + answer.body());
        assertEquals(hostile.status(), answer.status(), answer.body());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith(JSON_TYPE), answer.headers().toString());
        JsonNode error = json(answer.body());
        assertEquals(hostile.error(), error.path("error").asText(), answer.body());
        assertFalse(error.path("message").asText().isBlank(), answer.body());
        for (String leak : LEAKS) {
            assertFalse(answer.body().contains(leak), "answer shows '" + leak + "': " + answer.body());
        }
    }

    @AfterAll
    void theAppIsStillHealthy() {
        RawHttp.Answer health = RawHttp.send("GET", "/observe/health", null, null, null);
        assertEquals(200, health.status(), health.body());
        assertEquals("UP", json(health.body()).path("status").asText(), health.body());
    }

    private static Case get(String target, int status, String error) {
        return as("admin", "GET", target, null, null, status, error);
    }

    private static Case post(String target, String body, int status, String error) {
        return as("admin", "POST", target, body == null ? null : JSON_TYPE, body, status, error);
    }

    private static Case as(String role, String method, String target, String contentType, String body, int status, String error) {
        return new Case(method, target, role, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), status, error);
    }

    private static String cursor(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
