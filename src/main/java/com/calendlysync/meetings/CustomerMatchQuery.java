package com.calendlysync.meetings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * CALENDLY_CUSTOMER_MATCH_QUERY: a company's own query from an invitee's email to its customer
 * id, for companies whose customers live in a table of their own. It takes the email as
 * {@code :#email} (as often as it likes) and returns one customer id or no row. When it is not
 * set, the database's own matching decides (R__company_matching.sql).
 */
public final class CustomerMatchQuery {

    private final String sql;
    private final int emailParameters;

    public CustomerMatchQuery(String query) {
        boolean set = query != null && !query.isBlank();
        this.sql = set ? query.replace(":#email", "?") : null;
        this.emailParameters = set ? query.split(":#email", -1).length - 1 : 0;
    }

    public boolean configured() {
        return sql != null;
    }

    Long customerOf(Connection connection, String email) throws SQLException {
        if (email == null || email.isBlank()) {
            return null;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 1; i <= emailParameters; i++) {
                ps.setString(i, email);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : null;
            }
        }
    }
}
