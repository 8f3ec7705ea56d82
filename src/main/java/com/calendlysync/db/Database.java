package com.calendlysync.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL database of the app: the external one named by DATABASE_URL, or else an
 * embedded PostgreSQL whose data lives in the data folder and survives restarts. Flyway brings
 * the schema up to date before any route can touch it.
 */
public final class Database extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** How this app's pooled connections name themselves to PostgreSQL (pg_stat_activity.application_name). */
    public static final String APPLICATION_NAME = "calendly-sync";

    private final DatabaseSettings settings;
    private EmbeddedPostgres embedded;
    private HikariDataSource dataSource;
    private boolean appRole;
    private String ownerUrl;
    private String ownerUser;
    private String ownerPassword;

    /** The role the app's pooled connections work as when the migrating user could create it. */
    public static final String APP_ROLE = "calendly_app";

    public Database(DatabaseSettings settings) {
        this.settings = settings;
    }

    /** Opens the pool (starting the embedded server first if needed) and migrates the schema. */
    public DataSource open() {
        return open(owner -> Map.of());
    }

    /**
     * As {@link #open()}; once the schema is migrated, and before the pool opens, {@code sessions}
     * runs as the schema owner and answers settings every pooled session carries from its start
     * (sent when the connection opens, never as a statement).
     */
    public DataSource open(SessionSettings sessions) {
        if (dataSource != null) {
            return dataSource;
        }
        String jdbcUrl = settings.url();
        String user = settings.user();
        String password = settings.password();
        if (!settings.isExternal()) {
            embedded = startEmbedded(settings);
            jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
        }
        try {
            migrate(jdbcUrl, user, password);
            appRole = appRole(jdbcUrl, user, password);
        } catch (RuntimeException | SQLException e) {
            throw new IllegalStateException("Cannot use the database " + describeTarget() + ": " + rootMessage(e)
                    + ". Check DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD.", e);
        }
        ownerUrl = jdbcUrl;
        ownerUser = user;
        ownerPassword = password;
        Map<String, String> settingsOfSessions;
        try (Connection owner = ownerConnection()) {
            settingsOfSessions = sessions.prepare(owner);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot use the database " + describeTarget() + ": " + rootMessage(e), e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("calendly-sync");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        if (!settingsOfSessions.isEmpty()) {
            StringBuilder options = new StringBuilder();
            settingsOfSessions.forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
            config.addDataSourceProperty("options", options.toString().trim());
        }
        config.setMaximumPoolSize(settings.poolSize());
        // a webhook waiting 30 s for a connection is worse than a quick 503 that Calendly retries
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setInitializationFailTimeout(-1);
        if (appRole) {
            // the app's own statements may read but never change the audit trail, nor read the privacy key
            config.setConnectionInitSql("SET ROLE " + APP_ROLE);
        }
        dataSource = new HikariDataSource(config);
        return dataSource;
    }

    /**
     * A connection as the migrating user (the owner of the schema), outside the pool, for the
     * few start-up steps the app role may not do (the privacy key).
     */
    public Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(ownerUrl, ownerUser, ownerPassword);
    }

    /** Whether the pool works as the role calendly_app (migration V60) rather than as the owner. */
    public boolean usesAppRole() {
        return appRole;
    }

    private static boolean appRole(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regrole('" + APP_ROLE + "') IS NOT NULL "
                     + "AND pg_has_role(current_user, '" + APP_ROLE + "', 'MEMBER')")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    public boolean isEmbedded() {
        return !settings.isExternal();
    }

    /** Where the data is, for the start-up log; never the password. */
    public String describe() {
        if (isEmbedded()) {
            return "embedded PostgreSQL on port " + embedded.getPort() + ", data in " + settings.dataDir().toAbsolutePath()
                    + roleNote();
        }
        return "external PostgreSQL at " + describeTarget() + roleNote();
    }

    private String roleNote() {
        return appRole ? ", working as role " + APP_ROLE + " (audit trail read-only)"
                : ", working as the schema owner (role " + APP_ROLE + " could not be created: the audit trail is guarded by its trigger only)";
    }

    private String describeTarget() {
        return isEmbedded() ? "embedded PostgreSQL" : settings.url().replaceAll("password=[^&]*", "password=***");
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static EmbeddedPostgres startEmbedded(DatabaseSettings settings) {
        Path dataDir = settings.dataDir();
        try {
            Path pgData = settings.embeddedData();
            Files.createDirectories(pgData);
            LOG.info("No DATABASE_URL set: starting embedded PostgreSQL with data in {}", pgData.toAbsolutePath());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    // zonky defaults to fsync=off for tests: a 2xx must mean the meeting is on disk
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDir.toAbsolutePath()
                    + ": " + e.getMessage() + ". Check that the folder is writable and not used by another instance.", e);
        }
    }

    private static void migrate(String url, String user, String password) {
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                // a versioned migration numbered below one already applied (V53 after V61: several
                // branches number their migrations in ranges of their own) is applied, not refused
                .outOfOrder(true)
                .load()
                .migrate();
    }

    @Override
    protected void doStop() throws Exception {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
