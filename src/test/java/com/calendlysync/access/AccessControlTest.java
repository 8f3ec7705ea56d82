package com.calendlysync.access;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens: made and revoked by an admin, shown once, stored as a hash, refused when revoked or expired, audited. */
class AccessControlTest extends AppTestSupport {

    @Test
    void aNewTokenIsShownOnceAndStoredOnlyAsItsHash() {
        HttpResponse<String> created = api.post("/api/v1/tokens", ADMIN_TOKEN,
                "{\"role\":\"manager\",\"label\":\"reporting laptop\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}");

        assertEquals(201, created.statusCode(), created.body());
        JsonNode token = ApiClient.json(created);
        String secret = token.get("token").asText();
        assertTrue(secret.startsWith("cst_") && secret.length() > 40, secret);
        assertEquals("manager", token.get("role").asText());
        assertEquals("2099-01-01T00:00:00Z", token.get("expiresAt").asText());
        long id = token.get("id").asLong();
        Map<String, Object> row = TestDatabase.one("SELECT * FROM api_tokens WHERE id = ?", id);
        assertEquals(TokenHash.of(secret), row.get("token_hash"));
        assertFalse(row.values().stream().anyMatch(v -> v != null && v.toString().contains(secret)), "the token itself is stored");
        // the list never shows it again
        HttpResponse<String> list = api.get("/api/v1/tokens", ADMIN_TOKEN);
        assertFalse(list.body().contains(secret));
        assertFalse(list.body().contains(TokenHash.of(secret)));
        assertTrue(list.body().contains("reporting laptop"));
        // and it works, with its role
        assertEquals(200, api.get("/api/v1/meetings", secret).statusCode());
        assertEquals(403, api.get("/api/v1/tokens", secret).statusCode());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM access_audit WHERE action = 'token_created' AND detail LIKE ?",
                "token " + id + " role manager%"));
    }

    @Test
    void aRevokedTokenStopsWorkingAndTheChangeIsAudited() {
        String secret = api.createToken(ADMIN_TOKEN, "auditor", null);
        long id = ((Number) TestDatabase.one("SELECT id FROM api_tokens WHERE token_hash = ?", TokenHash.of(secret)).get("id")).longValue();
        assertEquals(200, api.get("/api/v1/calendly/status", secret).statusCode());

        HttpResponse<String> revoked = api.delete("/api/v1/tokens/" + id, ADMIN_TOKEN);

        assertEquals(200, revoked.statusCode(), revoked.body());
        assertFalse(ApiClient.json(revoked).get("active").asBoolean());
        HttpResponse<String> refused = api.get("/api/v1/calendly/status", secret);
        assertEquals(401, refused.statusCode());
        assertEquals("unauthorized", ApiClient.json(refused).get("error").asText());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM access_audit WHERE action = 'token_revoked' AND detail LIKE ?",
                "token " + id + " %"));
        assertTrue(TestDatabase.count("SELECT count(*) FROM access_audit WHERE action = 'denied' AND status = 401 "
                + "AND detail = ?", "token " + id + " is revoked") >= 1);
        assertEquals(404, api.delete("/api/v1/tokens/999999", ADMIN_TOKEN).statusCode());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String secret = api.createToken(ADMIN_TOKEN, "manager", null);
        TestDatabase.execute("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ?", TokenHash.of(secret));

        assertEquals(401, api.get("/api/v1/meetings", secret).statusCode());
        assertTrue(TestDatabase.count("SELECT count(*) FROM access_audit WHERE detail LIKE '%has expired'") >= 1);
    }

    @Test
    void denialsAreAuditedWithoutTheToken() {
        api.get("/api/v1/deliveries", null);
        api.get("/api/v1/deliveries", "cst_guessed-token-value");
        String employee = employeeToken();
        api.get("/api/v1/deliveries", employee);

        List<Map<String, Object>> rows = TestDatabase.query("SELECT status, role, detail, path FROM access_audit "
                + "WHERE action = 'denied' AND path = '/api/v1/deliveries' ORDER BY id");
        assertTrue(rows.size() >= 3, rows.toString());
        assertTrue(rows.stream().anyMatch(r -> "no token".equals(r.get("detail"))));
        assertTrue(rows.stream().anyMatch(r -> "unknown token".equals(r.get("detail"))));
        assertTrue(rows.stream().anyMatch(r -> Integer.valueOf(403).equals(r.get("status")) && "employee".equals(r.get("role"))));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM access_audit WHERE detail LIKE '%guessed-token%'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"role\":\"superuser\"}|role",
        "{}|role",
        "{\"role\":\"employee\"}|employeeId",
        "{\"role\":\"employee\",\"employeeId\":424242}|employeeId",
        "{\"role\":\"manager\",\"employeeId\":1}|employeeId",
        "{\"role\":\"manager\",\"expiresAt\":\"tomorrow\"}|expiresAt",
        "{\"role\":\"manager\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}|expiresAt",
        "{\"role\":\"manager\",\"colour\":\"red\"}|colour",
        "{\"role\":\"manager\",\"label\":7}|label",
        "[1,2]|body",
        "{not json|JSON",
    })
    void badTokenRequestsAre400s(String body, String named) {
        HttpResponse<String> response = api.post("/api/v1/tokens", ADMIN_TOKEN, body);

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(ApiClient.json(response).get("message").asText().contains(named), response.body());
    }

    @Test
    void theLastWorkingAdminTokenCannotBeRevoked() {
        long envToken = ((Number) TestDatabase.one("SELECT id FROM api_tokens WHERE origin = 'environment' AND revoked_at IS NULL")
                .get("id")).longValue();
        TestDatabase.execute("UPDATE api_tokens SET revoked_at = now() WHERE role = 'admin' AND id <> ?", envToken);

        HttpResponse<String> response = api.delete("/api/v1/tokens/" + envToken, ADMIN_TOKEN);

        assertEquals(409, response.statusCode(), response.body());
        assertEquals(200, api.get("/api/v1/tokens", ADMIN_TOKEN).statusCode());
    }

    @Test
    void anAdminCanRevokeAnotherAdmin() {
        String second = api.createToken(ADMIN_TOKEN, "admin", null);
        long id = ((Number) TestDatabase.one("SELECT id FROM api_tokens WHERE token_hash = ?", TokenHash.of(second)).get("id")).longValue();

        assertEquals(200, api.delete("/api/v1/tokens/" + id, ADMIN_TOKEN).statusCode());
        assertEquals(401, api.get("/api/v1/tokens", second).statusCode());
    }

    @Test
    void theCommandLineMakesATokenInTheConfiguredDatabase() throws Exception {
        System.setProperty("database.url", TestDatabase.url());
        System.setProperty("database.user", "postgres");
        System.setProperty("database.password", "");
        String secret;
        try {
            secret = CreateToken.create(Role.AUDITOR, null, "from the command line", null);
        } finally {
            System.clearProperty("database.url");
            System.clearProperty("database.user");
            System.clearProperty("database.password");
        }

        assertEquals(200, api.get("/api/v1/deliveries", secret).statusCode());
        assertEquals(403, api.get("/api/v1/tokens", secret).statusCode());
        assertEquals("command", TestDatabase.one("SELECT origin FROM api_tokens WHERE token_hash = ?", TokenHash.of(secret)).get("origin"));
    }

    @Test
    void theEnvironmentAdminTokenIsStoredHashed() {
        Map<String, Object> row = TestDatabase.one("SELECT token_hash, role FROM api_tokens WHERE origin = 'environment' AND revoked_at IS NULL");
        assertEquals(TokenHash.of(ADMIN_TOKEN), row.get("token_hash"));
        assertEquals("admin", row.get("role"));
        assertNotEquals(0, TestDatabase.count("SELECT count(*) FROM api_tokens"));
    }

    @Test
    void aTokenMustBeSentAsBearer() {
        HttpResponse<String> basic = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/v1/meetings"))
                .header("Authorization", "Basic " + ADMIN_TOKEN).GET().build());
        assertEquals(401, basic.statusCode());
    }

    private String employeeToken() {
        if (TestDatabase.count("SELECT count(*) FROM employees") == 0) {
            TestDatabase.execute("INSERT INTO employees (email, name) VALUES ('sam@corp.example', 'Sam')");
        }
        long id = ((Number) TestDatabase.one("SELECT min(id) AS id FROM employees").get("id")).longValue();
        return api.createToken(ADMIN_TOKEN, "employee", id);
    }
}
