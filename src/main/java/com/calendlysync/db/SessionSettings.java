package com.calendlysync.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** Settings every pooled database session carries from its start, prepared as the schema owner. */
@FunctionalInterface
public interface SessionSettings {

    Map<String, String> prepare(Connection owner) throws SQLException;
}
