package com.calendlysync.access;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import org.apache.camel.Exchange;

/** Bean {@code tokenAdministration}: what the admin-only /api/v1/tokens routes do. */
public final class TokenAdministration {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Set<String> FIELDS = Set.of("role", "employeeId", "label", "expiresAt");

    private final ApiTokens tokens;
    private final AccessAudit audit;

    public TokenAdministration(ApiTokens tokens, AccessAudit audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    /** POST body {"role", "employeeId"?, "label"?, "expiresAt"?}: 201 with the token, shown only here. */
    public Map<String, Object> create(Exchange exchange) throws SQLException {
        Object body;
        try {
            String text = exchange.getMessage().getBody(String.class);
            body = text == null || text.isBlank() ? null : JSON.readValue(text, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(body instanceof Map<?, ?> fields)) {
            throw ApiException.badRequest("the body must be a JSON object {\"role\", \"employeeId\", \"label\", \"expiresAt\"}");
        }
        for (Object name : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(name))) {
                throw ApiException.badRequest("unknown field '" + name + "'; fields are role, employeeId, label, expiresAt");
            }
        }
        Role role = Role.find(fields.get("role") instanceof String s ? s : null);
        if (role == null) {
            throw ApiException.badRequest("field 'role' must be one of " + Role.names());
        }
        Long employeeId = null;
        Object employee = fields.get("employeeId");
        if (role == Role.EMPLOYEE) {
            if (!(employee instanceof Number n) || n.longValue() <= 0 || n.doubleValue() != n.longValue()) {
                throw ApiException.badRequest("field 'employeeId' is required for an employee token and must be a positive whole number");
            }
            employeeId = n.longValue();
            if (!tokens.employeeExists(employeeId)) {
                throw ApiException.badRequest("field 'employeeId': there is no employee " + employeeId);
            }
        } else if (employee != null) {
            throw ApiException.badRequest("field 'employeeId' is only for employee tokens");
        }
        Object label = fields.get("label");
        if (label != null && !(label instanceof String)) {
            throw ApiException.badRequest("field 'label' must be text");
        }
        if (label != null && ((String) label).length() > 200) {
            throw ApiException.badRequest("field 'label' must be at most 200 characters");
        }
        OffsetDateTime expiresAt = null;
        Object expires = fields.get("expiresAt");
        if (expires != null) {
            try {
                expiresAt = OffsetDateTime.parse(String.valueOf(expires));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("field 'expiresAt' must be an ISO-8601 date-time with offset, e.g. 2027-01-31T00:00:00Z");
            }
            if (!expiresAt.isAfter(OffsetDateTime.now())) {
                throw ApiException.badRequest("field 'expiresAt' must be in the future");
            }
        }
        Principal by = AccessControl.principal(exchange);
        Map<String, Object> created = tokens.create(role, employeeId, (String) label, expiresAt, "api", by.tokenId());
        audit.tokenChange("token_created", by, "POST", "/api/v1/tokens",
                "token " + created.get("id") + " role " + role.id()
                        + (employeeId == null ? "" : " employee " + employeeId)
                        + (expiresAt == null ? "" : " expires " + expiresAt.toInstant()));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return created;
    }

    public Map<String, Object> list() throws SQLException {
        List<Map<String, Object>> all = tokens.list();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", all);
        return answer;
    }

    public Map<String, Object> revoke(Exchange exchange, long id) throws SQLException {
        Principal by = AccessControl.principal(exchange);
        Map<String, Object> existing = tokens.list().stream().filter(t -> ((Long) t.get("id")) == id).findFirst().orElse(null);
        if (existing == null) {
            throw new NotFoundException("no token with id " + id);
        }
        if ("admin".equals(existing.get("role")) && Boolean.TRUE.equals(existing.get("active"))
                && tokens.otherActiveAdmins(id) == 0) {
            throw new ApiException(409, "last_admin_token",
                    "token " + id + " is the last working admin token; create another admin token first");
        }
        Map<String, Object> revoked = tokens.revoke(id, by.tokenId());
        audit.tokenChange("token_revoked", by, "DELETE", "/api/v1/tokens/" + id, "token " + id + " role " + revoked.get("role"));
        return revoked;
    }
}
