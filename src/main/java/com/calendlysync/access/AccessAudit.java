package com.calendlysync.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every refused request and every token change to access_audit and to the log. A
 * failure to write the row never changes the answer: the log line is still there. Only the
 * path of a request is kept: its query string (search text, emails) never reaches the log or
 * the table.
 */
public final class AccessAudit {

    private static final Logger LOG = LoggerFactory.getLogger("com.calendlysync.access.audit");

    private final DataSource dataSource;

    public AccessAudit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void denied(int status, Principal principal, String method, String uri, String reason) {
        String path = withoutQuery(uri);
        LOG.warn("access denied {} {} {} token={} role={}: {}", status, method, path,
                principal == null ? "-" : principal.tokenId(), principal == null ? "-" : principal.role().id(), reason);
        write("denied", status, principal, method, path, reason);
    }

    public void tokenChange(String action, Principal by, String method, String uri, String detail) {
        LOG.info("{} by token {}: {}", action, by == null ? "-" : by.tokenId(), detail);
        write(action, null, by, method, withoutQuery(uri), detail);
    }

    private static String withoutQuery(String uri) {
        if (uri == null) {
            return null;
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private void write(String action, Integer status, Principal principal, String method, String path, String detail) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO access_audit (action, status, token_id, role, method, "
                     + "path, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, action);
            if (status == null) {
                ps.setNull(2, Types.INTEGER);
            } else {
                ps.setInt(2, status);
            }
            if (principal == null) {
                ps.setNull(3, Types.BIGINT);
                ps.setNull(4, Types.VARCHAR);
            } else {
                ps.setLong(3, principal.tokenId());
                ps.setString(4, principal.role().id());
            }
            ps.setString(5, method);
            ps.setString(6, path);
            ps.setString(7, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("could not write the access audit row ({} {}): {}", action, path, e.getMessage());
        }
    }
}
