package com.calendlysync.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public Database(DatabaseSettings settings) {
        this.settings = settings;
    }

    /** Opens the pool (starting the embedded server first if needed) and migrates the schema. */
    public DataSource open() {
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
        HikariConfig config = new HikariConfig();
        config.setPoolName("calendly-sync");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        config.setMaximumPoolSize(settings.poolSize());
        // a webhook waiting 30 s for a connection is worse than a quick 503 that Calendly retries
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setInitializationFailTimeout(-1);
        dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("Cannot use the database " + describeTarget() + ": " + rootMessage(e)
                    + ". Check DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD.", e);
        }
        return dataSource;
    }

    public boolean isEmbedded() {
        return !settings.isExternal();
    }

    /** Where the data is, for the start-up log; never the password. */
    public String describe() {
        if (isEmbedded()) {
            return "embedded PostgreSQL on port " + embedded.getPort() + ", data in " + settings.dataDir().toAbsolutePath();
        }
        return "external PostgreSQL at " + describeTarget();
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

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
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
