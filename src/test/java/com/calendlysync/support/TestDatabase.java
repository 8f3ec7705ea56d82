package com.calendlysync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.util.FileUtil;

/**
 * One real PostgreSQL for the whole test JVM (the same zonky embedded server the app uses
 * without DATABASE_URL), started on first use in target/ and wiped between test classes.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Path.of("target", "test-postgres-" + ProcessHandle.current().pid());
                FileUtil.removeDir(dir.toFile());
                Files.createDirectories(dir);
                server = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException e) {
                        // the JVM is going away; the folder is cleaned on the next run
                    }
                }));
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the test PostgreSQL", e);
            }
        }
        return server;
    }

    private static boolean migrated;

    /** The schema as the app makes it (Flyway, as at the app's start), for tests of the database's own rules. */
    public static synchronized void migrate() {
        if (!migrated) {
            org.flywaydb.core.Flyway.configure().dataSource(server().getPostgresDatabase())
                    .locations("classpath:db/migration").load().migrate();
            migrated = true;
        }
    }

    public static String url() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    public static Connection connect() throws SQLException {
        return server().getPostgresDatabase().getConnection();
    }

    /** Empties every table the migrations made (not the migration history), ids restart at 1. */
    public static void wipe() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    + "AND tablename NOT IN ('flyway_schema_history', 'matching_settings') AND tablename NOT LIKE 'qrtz%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                // audit_log refuses TRUNCATE by trigger; a superuser's replica session skips triggers
                s.execute("SET session_replication_role = replica");
                s.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
                s.execute("SET session_replication_role = origin");
            }
            if (tables.contains("api_tokens")) {
                // what the running app did at its start with CALENDLY_ADMIN_TOKEN, so a wipe in the
                // middle of a test class leaves the admin token working
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (token_hash, role, label, origin) "
                        + "VALUES (?, 'admin', 'CALENDLY_ADMIN_TOKEN', 'environment') ON CONFLICT (token_hash) DO NOTHING")) {
                    ps.setString(1, com.calendlysync.access.TokenHash.of(AppTestSupport.ADMIN_TOKEN));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            if (!ps.execute()) {
                return rows;
            }
            try (ResultSet rs = ps.getResultSet()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> one(String sql, Object... args) {
        List<Map<String, Object>> rows = query(sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + " but got " + rows.size() + ": " + rows);
        }
        return rows.get(0);
    }

    public static long count(String sql, Object... args) {
        return ((Number) one(sql, args).values().iterator().next()).longValue();
    }

    public static void execute(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
