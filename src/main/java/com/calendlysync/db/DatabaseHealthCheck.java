package com.calendlysync.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports the database in /observe/health: reachable, which mode, and whether the connection
 * pool is stuck. DOWN when the database cannot be reached, when a connection cannot be had
 * quickly (requests wait for one: every connection is taken), or when a connection of this app
 * has sat idle inside an open transaction for longer than DATABASE_STUCK_AFTER_SECONDS (an
 * abandoned cursor or job holds it and its locks).
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    /** Longer than this to get a connection and requests are queueing for one. */
    static final Duration SLOW_CHECKOUT = Duration.ofSeconds(2);
    private static final String STUCK = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND application_name = ? AND state IN ('idle in transaction', 'idle in transaction (aborted)') "
            + "AND state_change < now() - CAST(? AS integer) * interval '1 second'";

    private final Database database;
    private final DataSource dataSource;
    private final Duration stuckAfter;

    public DatabaseHealthCheck(Database database, DataSource dataSource, Duration stuckAfter) {
        super("calendly-sync", "database");
        this.database = database;
        this.dataSource = dataSource;
        this.stuckAfter = stuckAfter;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("mode", database.isEmbedded() ? "embedded" : "external");
        HikariPoolMXBean pool = dataSource instanceof HikariDataSource hikari ? hikari.getHikariPoolMXBean() : null;
        if (pool != null) {
            builder.detail("connections.active", pool.getActiveConnections());
            builder.detail("connections.total", pool.getTotalConnections());
            builder.detail("connections.waiting", pool.getThreadsAwaitingConnection());
        }
        long asked = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            Duration waited = Duration.ofNanos(System.nanoTime() - asked);
            try (PreparedStatement migrations = connection.prepareStatement(
                    "SELECT count(*) FROM flyway_schema_history WHERE success");
                 PreparedStatement stuck = connection.prepareStatement(STUCK)) {
                migrations.setQueryTimeout(2);
                builder.detail("migrations", single(migrations));
                stuck.setQueryTimeout(2);
                stuck.setString(1, Database.APPLICATION_NAME);
                stuck.setLong(2, stuckAfter.toSeconds());
                long held = single(stuck);
                builder.detail("connections.stuckInTransaction", held);
                if (waited.compareTo(SLOW_CHECKOUT) > 0) {
                    builder.message("getting a database connection took " + waited.toMillis() + " ms: requests are "
                            + "waiting for one (the pool is too small or its connections are held)");
                    builder.down();
                } else if (held > 0) {
                    builder.message(held + " database connection(s) have sat in an open transaction for over "
                            + stuckAfter.toSeconds() + " s (DATABASE_STUCK_AFTER_SECONDS): an abandoned export or job holds them");
                    builder.down();
                } else {
                    builder.up();
                }
            }
        } catch (SQLTransientConnectionException e) {
            builder.message("no database connection came free within the connect timeout: every connection is in use"
                    + (pool == null ? "" : " (" + pool.getActiveConnections() + " active, "
                    + pool.getThreadsAwaitingConnection() + " requests waiting)") + ", or the database is unreachable: "
                    + e.getMessage());
            builder.down();
        } catch (Exception e) {
            builder.message("database unreachable: " + e.getMessage());
            builder.down();
        }
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
