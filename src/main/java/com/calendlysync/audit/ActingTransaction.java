package com.calendlysync.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The one way the app writes: in a transaction that first tells the database who is acting
 * (set_config('calendly.actor', ..., true)), so every row the work changes is recorded in the
 * audit trail with that actor, whichever table and path it is.
 */
public final class ActingTransaction {

    /** Work on the connection of the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private ActingTransaction() {
    }

    public static <T> T run(DataSource dataSource, Actor actor, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('calendly.actor', ?, true)")) {
                    ps.setString(1, actor.json());
                    ps.execute();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
