package com.calendlysync.imports;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz keeps its schedule in the app's own PostgreSQL (QRTZ_* tables from migration V11),
 * clustered: every instance with the same camel.main.name joins one scheduler, and each firing
 * runs on exactly one of them. Quartz borrows connections from the app's pool instead of
 * opening its own (its default pool, c3p0, is not even on the class path).
 */
public final class QuartzJobStore {

    private QuartzJobStore() {
    }

    public static void configure(CamelContext context, DataSource dataSource, long checkinMillis) {
        QuartzComponent existing = context.getComponent("quartz", QuartzComponent.class);
        if (existing.getProperties() != null && existing.getProperties().containsKey("org.quartz.jobStore.isClustered")) {
            // configured already (reconciliation and the privacy jobs share one clustered scheduler)
            return;
        }
        // a name per app instance: two instances in one JVM (tests) must not share a provider
        String name = "calendlySync_" + UUID.randomUUID().toString().replace("-", "");
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the app (db.Database closes it)
            }

            @Override
            public void initialize() {
            }
        });
        Map<String, Object> quartz = new HashMap<>();
        quartz.put("org.quartz.scheduler.instanceName", "calendlySync");
        quartz.put("org.quartz.scheduler.instanceId", "AUTO");
        quartz.put("org.quartz.threadPool.threadCount", "2");
        quartz.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.put("org.quartz.jobStore.dataSource", name);
        quartz.put("org.quartz.jobStore.isClustered", "true");
        quartz.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinMillis));
        QuartzComponent component = context.getComponent("quartz", QuartzComponent.class);
        component.setProperties(quartz);
    }
}
