package com.calendlysync.access;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every role against every served /api/v1 endpoint, allowed and denied, as openapi.json's
 * x-roles says (so the document and the behaviour cannot drift apart): no token is 401, a role
 * not listed is a 403 JSON, a listed role gets past the access step.
 */
class RoleMatrixTest extends AppTestSupport {

    private static final List<String> ROLES = List.of("admin", "manager", "auditor", "employee");
    private Map<String, String> tokens;
    private long hostedMeeting;
    private long colleaguesMeeting;
    private long processedDelivery;
    private long projectId;
    private int created;

    @BeforeEach
    void seed() {
        if (tokens != null) {
            return;
        }
        MeetingSeeder.people();
        new MeetingSeeder().seed(40);
        // employee 1 (host0) hosts booking 0 (and 5, 10...), employee 2 hosts booking 1
        hostedMeeting = ((Number) TestDatabase.one("SELECT m.id FROM meetings m JOIN meeting_hosts h ON h.meeting_id = m.id "
                + "WHERE h.employee_id = 1 ORDER BY m.id LIMIT 1").get("id")).longValue();
        colleaguesMeeting = ((Number) TestDatabase.one("SELECT m.id FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM meeting_hosts h "
                + "WHERE h.meeting_id = m.id AND h.employee_id = 1) ORDER BY m.id LIMIT 1").get("id")).longValue();
        calendly.deliver(Samples.bytes(Samples.CREATED));
        processedDelivery = ((Number) TestDatabase.one("SELECT id FROM webhook_deliveries WHERE outcome = 'processed'").get("id")).longValue();
        // a project of customer 1, whose meetings employee 1 hosts: its only project, so they link to it
        HttpResponse<String> project = api.post("/api/v1/projects", ADMIN_TOKEN, "{\"name\":\"Matrix project\",\"customerId\":1}");
        assertEquals(201, project.statusCode(), project.body());
        projectId = ApiClient.json(project).get("id").asLong();
        tokens = Map.of(
                "admin", ADMIN_TOKEN,
                "manager", api.createToken(ADMIN_TOKEN, "manager", null),
                "auditor", api.createToken(ADMIN_TOKEN, "auditor", null),
                "employee", api.createToken(ADMIN_TOKEN, "employee", 1L));
    }

    /** Operations this matrix calls without the body, job or Calendly API they need. */
    private static final Set<String> NEED_BODY_OR_CALENDLY = Set.of(
            "startImport", "getImport", "setUpWebhookSubscription", "cancelMeeting", "syncEmployees");

    @TestFactory
    Stream<DynamicTest> everyRoleAgainstEveryEndpoint() {
        Set<String> served = served();
        JsonNode doc = ApiClient.json(api.get("/api/v1/openapi.json", ADMIN_TOKEN));
        List<DynamicTest> tests = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase(Locale.ROOT);
            if (!op.getValue().has("x-roles") || !served.contains(method + " " + path.getKey())) {
                return;
            }
            boolean contract = NEED_BODY_OR_CALENDLY.contains(op.getValue().path("operationId").asText());
            Set<String> allowed = new HashSet<>();
            op.getValue().get("x-roles").forEach(r -> allowed.add(r.asText()));
            tests.add(DynamicTest.dynamicTest(method + " " + path.getKey() + " without a token is 401", () -> {
                HttpResponse<String> response = call(method, path.getKey(), null);
                assertEquals(401, response.statusCode(), response.body());
                assertEquals("unauthorized", ApiClient.json(response).get("error").asText());
            }));
            tests.add(DynamicTest.dynamicTest(method + " " + path.getKey() + " with an unknown token is 401", () ->
                    assertEquals(401, call(method, path.getKey(), "cst_not-a-real-token").statusCode())));
            for (String role : ROLES) {
                boolean ok = allowed.contains(role);
                tests.add(DynamicTest.dynamicTest(method + " " + path.getKey() + " as " + role + (ok ? " is allowed" : " is 403"), () -> {
                    HttpResponse<String> response = call(method, path.getKey(), tokens.get(role));
                    if (ok) {
                        assertNotEquals(401, response.statusCode(), response.body());
                        assertNotEquals(403, response.statusCode(), response.body());
                        // replaying the processed delivery is refused with 409, which only comes after the
                        // access step (a failed one is replayed in DeliveriesApiTest)
                        boolean replayRefused = path.getKey().endsWith("/replay") && response.statusCode() == 409
                                && ApiClient.json(response).get("error").asText().equals("not_failed");
                        // operations that need a valid body, a job or Calendly get none here: past the access step they
                        // answer an error of their own (4xx, or 503 for Calendly not configured), never
                        // 401/403 and never an internal 500
                        boolean contractRefused = contract && response.statusCode() != 500
                                && !ApiClient.json(response).path("error").asText().matches("unauthorized|forbidden|internal_error");
                        assertTrue(response.statusCode() < 300 || replayRefused || contractRefused, method + " " + path.getKey() + " as " + role + ": "
                                + response.statusCode() + " " + response.body());
                    } else {
                        assertEquals(403, response.statusCode(), response.body());
                        JsonNode error = ApiClient.json(response);
                        assertEquals("forbidden", error.get("error").asText());
                        assertTrue(error.get("message").asText().contains(role), error.toString());
                    }
                }));
            }
        }));
        assertTrue(tests.size() > 60, "the matrix covers every endpoint: " + tests.size());
        return tests.stream();
    }

    @Test
    void anEmployeeCannotOpenAColleaguesMeeting() {
        String employee = tokens.get("employee");
        assertEquals(200, api.get("/api/v1/meetings/" + hostedMeeting, employee).statusCode());
        assertEquals(200, api.get("/api/v1/calendly/" + hostedMeeting + "/calendly-details", employee).statusCode());

        HttpResponse<String> detail = api.get("/api/v1/meetings/" + colleaguesMeeting, employee);
        HttpResponse<String> calendlyDetails = api.get("/api/v1/calendly/" + colleaguesMeeting + "/calendly-details", employee);

        assertEquals(403, detail.statusCode(), detail.body());
        assertEquals(403, calendlyDetails.statusCode(), calendlyDetails.body());
        assertEquals("forbidden", ApiClient.json(detail).get("error").asText());
        assertTrue(TestDatabase.count("SELECT count(*) FROM access_audit WHERE action = 'denied' AND status = 403 "
                + "AND path LIKE '%/" + colleaguesMeeting + "%'") >= 2);
        // a manager sees it
        assertEquals(200, api.get("/api/v1/meetings/" + colleaguesMeeting, tokens.get("manager")).statusCode());
    }

    private HttpResponse<String> call(String method, String template, String token) {
        String path = template
                .replace("{meetingId}", String.valueOf(hostedMeeting))
                .replace("{id}", String.valueOf(hostedMeeting))
                .replace("{jobId}", "6f1c2d3e-0000-4000-8000-000000000000")
                .replace("{customerId}", "1")
                .replace("{employeeId}", "1")
                .replace("{projectId}", String.valueOf(projectId))
                .replace("{deliveryId}", String.valueOf(processedDelivery));
        String body = null;
        created++;
        if (path.endsWith("/import") && method.equals("POST") && token != null) {
            // the company imports take a CSV file
            return api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name,email\nMatrix " + created + ",matrix" + created
                            + "@client.example\n")).build());
        }
        if (method.equals("POST") && (path.equals("/api/v1/customers") || path.equals("/api/v1/employees"))) {
            body = "{\"name\":\"Matrix " + created + "\",\"email\":\"matrix" + created + "@corp.example\"}";
        } else if (method.equals("POST") && path.equals("/api/v1/projects")) {
            body = "{\"name\":\"Matrix " + created + "\"}";
        } else if (method.equals("PATCH") && path.startsWith("/api/v1/meetings/")) {
            body = "{\"customerId\":1}";
        } else if (method.equals("PATCH")) {
            body = "{\"name\":\"Renamed " + created + "\"}";
        } else if (path.equals("/api/v1/tokens") && method.equals("POST")) {
            body = "{\"role\":\"auditor\",\"label\":\"matrix\"}";
        } else if (path.equals("/api/v1/widgets")) {
            body = "{\"report\":\"volume\"}";
        } else if (path.equals("/api/v1/privacy/export")) {
            path += "?email=matrix.person@example.com";
        } else if (path.equals("/api/v1/privacy/erasure")) {
            body = "{\"email\":\"matrix.erased@example.com\",\"reason\":\"role matrix\"}";
        } else if (path.equals("/api/v1/privacy/preferences")) {
            body = "{\"email\":\"matrix.pref@example.com\",\"keepPersonalData\":false}";
        } else if (path.startsWith("/api/v1/tokens/")) {
            // a fresh token to revoke, so the matrix never revokes the ones it uses
            String victim = api.createToken(ADMIN_TOKEN, "auditor", null);
            long id = ((Number) TestDatabase.one("SELECT max(id) AS id FROM api_tokens").get("id")).longValue();
            assertTrue(victim.startsWith("cst_"));
            path = path.replace("{tokenId}", String.valueOf(id));
        }
        return api.method(method, path, token, body);
    }

    private Set<String> served() {
        Set<String> served = new HashSet<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http && http.getHttpMethodRestrict() != null) {
                for (String m : http.getHttpMethodRestrict().split(",")) {
                    served.add(m.trim().toUpperCase(Locale.ROOT) + " " + http.getPath());
                }
            }
        }
        return served;
    }

}
