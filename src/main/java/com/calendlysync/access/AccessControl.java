package com.calendlysync.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.calendlysync.audit.Actor;
import com.calendlysync.web.ApiException;
import org.apache.camel.Exchange;

/**
 * Bean {@code access}: the first step of every /api/v1 route but the webhook,
 * {@code - bean: {ref: access, method: "require(*, 'admin,manager')"}}. It reads the bearer
 * token, answers 401 (no valid token) or 403 (a role the route does not allow) and logs each
 * refusal; otherwise it puts the caller on the exchange for the steps that follow, and names
 * its token as the actor of whatever they write ({@link Actor#PROPERTY}).
 */
public final class AccessControl {

    public static final String PRINCIPAL = "AccessPrincipal";
    public static final String ROLE = "AccessRole";
    public static final String EMPLOYEE_ID = "AccessEmployeeId";
    public static final String TOKEN_ID = "AccessTokenId";

    private final ApiTokens tokens;
    private final AccessAudit audit;
    private final DataSource dataSource;
    private final Map<String, Set<Role>> allowedByList = new ConcurrentHashMap<>();

    public AccessControl(ApiTokens tokens, AccessAudit audit, DataSource dataSource) {
        this.tokens = tokens;
        this.audit = audit;
        this.dataSource = dataSource;
    }

    public void require(Exchange exchange, String roles) throws SQLException {
        Set<Role> allowed = allowedByList.computeIfAbsent(roles, Role::parseList);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = path(exchange);
        String token = bearerToken(exchange.getMessage().getHeader("Authorization", String.class));
        if (token == null) {
            audit.denied(401, null, method, path, "no token");
            throw new ApiException(401, "unauthorized",
                    "this endpoint needs an API token: send the header 'Authorization: Bearer <token>'");
        }
        ApiTokens.Lookup lookup = tokens.authenticate(token);
        if (lookup.principal() == null) {
            audit.denied(401, null, method, path, lookup.problem());
            throw new ApiException(401, "unauthorized", "the API token is unknown, revoked or expired");
        }
        Principal principal = lookup.principal();
        if (!allowed.contains(principal.role())) {
            String needed = allowed.stream().map(Role::id).collect(Collectors.joining(" or "));
            audit.denied(403, principal, method, path, "role " + principal.role().id() + " is not " + needed);
            throw new ApiException(403, "forbidden",
                    "this endpoint needs the role " + needed + "; your token has the role " + principal.role().id());
        }
        exchange.setProperty(PRINCIPAL, principal);
        exchange.setProperty(ROLE, principal.role().id());
        exchange.setProperty(EMPLOYEE_ID, principal.employeeId());
        exchange.setProperty(TOKEN_ID, principal.tokenId());
        exchange.setProperty(Actor.PROPERTY, principal.actor());
    }

    /**
     * After {@link #require}: an employee token may only see a meeting its employee hosts
     * (meeting_hosts); anyone else passes. A colleague's meeting is a logged 403.
     */
    public void requireMeetingVisible(Exchange exchange, Object meetingId) throws SQLException {
        Principal principal = principal(exchange);
        if (!principal.isScopedToEmployee()) {
            return;
        }
        long id = Long.parseLong(String.valueOf(meetingId));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT 1 FROM meeting_hosts WHERE meeting_id = ? AND employee_id = ? LIMIT 1")) {
            ps.setLong(1, id);
            ps.setLong(2, principal.employeeId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        audit.denied(403, principal, exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class), path(exchange),
                "meeting " + id + " is not hosted by employee " + principal.employeeId());
        throw new ApiException(403, "forbidden", "meeting " + id + " is not one your employee hosts");
    }

    /** The request's path, never its query: a query can hold personal data (?q=person@example.com). */
    private static String path(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }

    /** GET /api/v1/me: the caller's token id, role and employee. */
    public Map<String, Object> describe(Exchange exchange) {
        Principal principal = principal(exchange);
        Map<String, Object> me = new java.util.LinkedHashMap<>();
        me.put("tokenId", principal.tokenId());
        me.put("role", principal.role().id());
        me.put("employeeId", principal.employeeId());
        return me;
    }

    public static Principal principal(Exchange exchange) {
        Principal principal = exchange.getProperty(PRINCIPAL, Principal.class);
        if (principal == null) {
            // a route that forgot its access step must fail closed, loudly
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " has no access step before this one");
        }
        return principal;
    }

    private static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
            return value.isEmpty() ? null : value;
        }
        return null;
    }
}
