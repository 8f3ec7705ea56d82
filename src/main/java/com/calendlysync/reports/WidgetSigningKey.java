package com.calendlysync.reports;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The HMAC key that signs widget URLs: CALENDLY_WIDGET_SIGNING_KEY when set (the same on every
 * instance), otherwise 32 random bytes made once and kept in report_widget_keys, so every
 * instance on the database signs alike and a restart keeps issued widgets valid. Changing the
 * setting (or deleting the row) invalidates every widget URL issued before.
 */
final class WidgetSigningKey {

    private final DataSource dataSource;
    private final byte[] configured;
    private volatile byte[] key;

    WidgetSigningKey(DataSource dataSource, String configured) {
        this.dataSource = dataSource;
        this.configured = configured == null ? null : configured.getBytes(StandardCharsets.UTF_8);
    }

    byte[] get() throws SQLException {
        if (configured != null) {
            return configured;
        }
        byte[] k = key;
        if (k == null) {
            k = stored();
            key = k;
        }
        return k;
    }

    private byte[] stored() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO report_widget_keys (id, signing_key) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setBytes(1, fresh);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT signing_key FROM report_widget_keys WHERE id = 1");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }
}
