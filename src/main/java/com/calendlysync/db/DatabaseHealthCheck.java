package com.calendlysync.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Reports the database in /observe/health: reachable, which mode, and how the pool is doing. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final Database database;
    private final DataSource dataSource;

    public DatabaseHealthCheck(Database database, DataSource dataSource) {
        super("calendly-sync", "database");
        this.database = database;
        this.dataSource = dataSource;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("mode", database.isEmbedded() ? "embedded" : "external");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                builder.detail("migrations", rs.getLong(1));
            }
            builder.up();
        } catch (Exception e) {
            builder.message("database unreachable: " + e.getMessage());
            builder.down();
        }
    }
}
