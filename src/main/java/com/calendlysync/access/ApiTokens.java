package com.calendlysync.access;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api_tokens table: make, find, list and revoke tokens. Only hashes are stored; the token
 * itself leaves this class once, in the answer to whoever made it.
 */
public final class ApiTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

    /** What a presented token turned out to be: a principal, or why not (never the token). */
    public record Lookup(Principal principal, String problem) {
    }

    private final DataSource dataSource;

    public ApiTokens(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Lookup authenticate(String token) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, role, employee_id, revoked_at IS NOT NULL AS revoked, "
                     + "expires_at IS NOT NULL AND expires_at <= now() AS expired FROM api_tokens WHERE token_hash = ?")) {
            ps.setString(1, TokenHash.of(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Lookup(null, "unknown token");
                }
                long id = rs.getLong("id");
                if (rs.getBoolean("revoked")) {
                    return new Lookup(null, "token " + id + " is revoked");
                }
                if (rs.getBoolean("expired")) {
                    return new Lookup(null, "token " + id + " has expired");
                }
                long employee = rs.getLong("employee_id");
                // wasNull() speaks of the column read last: ask it before reading the role
                Long employeeId = rs.wasNull() ? null : employee;
                return new Lookup(new Principal(id, Role.find(rs.getString("role")), employeeId), null);
            }
        }
    }

    /** Stores a new token and answers with it in clear text, the only time it is ever shown. */
    public Map<String, Object> create(Role role, Long employeeId, String label, OffsetDateTime expiresAt,
                                      String origin, Long createdBy) throws SQLException {
        String token = TokenHash.newToken();
        // only admins make tokens (POST /api/v1/tokens); the others come from the command line
        Actor actor = createdBy == null ? Actor.system("token " + origin) : Actor.token(createdBy, "admin");
        return ActingTransaction.run(dataSource, actor, c -> {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (token_hash, role, employee_id, label, origin, "
                     + "created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            ps.setString(1, TokenHash.of(token));
            ps.setString(2, role.id());
            setLong(ps, 3, employeeId);
            ps.setString(4, label);
            ps.setString(5, origin);
            setLong(ps, 6, createdBy);
            ps.setObject(7, expiresAt);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Object> answer = describe(rs);
                answer.put("token", token);
                return answer;
            }
          }
        });
    }

    public boolean employeeExists(long employeeId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM employees WHERE id = ?")) {
            ps.setLong(1, employeeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public List<Map<String, Object>> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> tokens = new ArrayList<>();
            while (rs.next()) {
                tokens.add(describe(rs));
            }
            return tokens;
        }
    }

    /** The token after revoking it, or null when there is no such token. Revoking twice is harmless. */
    public Map<String, Object> revoke(long id, long revokedBy) throws SQLException {
        return ActingTransaction.run(dataSource, Actor.token(revokedBy, "admin"), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()), "
                     + "revoked_by = coalesce(revoked_by, ?) WHERE id = ? RETURNING " + COLUMNS)) {
                ps.setLong(1, revokedBy);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? describe(rs) : null;
                }
            }
        });
    }

    /** How many admin tokens would still work without the given one (so the last one is not revoked by accident). */
    public long otherActiveAdmins(long exceptId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM api_tokens WHERE role = 'admin' AND id <> ? "
                     + "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())")) {
            ps.setLong(1, exceptId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Makes CALENDLY_ADMIN_TOKEN a working admin token. A different value than last time retires
     * the old one; a value an admin revoked stays revoked (choose a new one to get back in).
     */
    public void adoptEnvironmentAdmin(String token) throws SQLException {
        String hash = TokenHash.of(token);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement actor = c.prepareStatement("SELECT set_config('calendly.actor', ?, true)")) {
                actor.setString(1, Actor.system("CALENDLY_ADMIN_TOKEN").json());
                actor.execute();
            }
            try (PreparedStatement retire = c.prepareStatement("UPDATE api_tokens SET revoked_at = now() "
                    + "WHERE origin = 'environment' AND token_hash <> ? AND revoked_at IS NULL");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO api_tokens (token_hash, role, label, origin) "
                         + "VALUES (?, 'admin', 'CALENDLY_ADMIN_TOKEN', 'environment') ON CONFLICT (token_hash) DO NOTHING");
                 PreparedStatement state = c.prepareStatement("SELECT id, role, revoked_at IS NOT NULL AS revoked "
                         + "FROM api_tokens WHERE token_hash = ?")) {
                retire.setString(1, hash);
                int retired = retire.executeUpdate();
                insert.setString(1, hash);
                insert.executeUpdate();
                state.setString(1, hash);
                try (ResultSet rs = state.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean("revoked")) {
                        LOG.warn("CALENDLY_ADMIN_TOKEN matches token {}, which was revoked: it does not work; set a new value",
                                rs.getLong("id"));
                    } else if (!"admin".equals(rs.getString("role"))) {
                        LOG.warn("CALENDLY_ADMIN_TOKEN matches token {}, which has role {}, not admin",
                                rs.getLong("id"), rs.getString("role"));
                    } else {
                        LOG.info("CALENDLY_ADMIN_TOKEN is admin token {}{}", rs.getLong("id"),
                                retired > 0 ? " (the previous value was revoked)" : "");
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static final String COLUMNS = "id, role, employee_id, label, origin, created_by, created_at, expires_at, revoked_at";

    private static Map<String, Object> describe(ResultSet rs) throws SQLException {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("id", rs.getLong("id"));
        token.put("role", rs.getString("role"));
        long employee = rs.getLong("employee_id");
        token.put("employeeId", rs.wasNull() ? null : employee);
        token.put("label", rs.getString("label"));
        token.put("origin", rs.getString("origin"));
        long by = rs.getLong("created_by");
        token.put("createdBy", rs.wasNull() ? null : by);
        token.put("createdAt", iso(rs.getTimestamp("created_at")));
        token.put("expiresAt", iso(rs.getTimestamp("expires_at")));
        token.put("revokedAt", iso(rs.getTimestamp("revoked_at")));
        Timestamp expires = rs.getTimestamp("expires_at");
        token.put("active", rs.getTimestamp("revoked_at") == null
                && (expires == null || expires.toInstant().isAfter(java.time.Instant.now())));
        return token;
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
