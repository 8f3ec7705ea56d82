package com.calendlysync.privacy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.web.QueryString;
import org.apache.camel.Exchange;

/**
 * Bean {@code subjectExport}: GET /api/v1/privacy/export?email= answers everything held about
 * a person as one JSON document (privacy_subject_export): their meetings with the Calendly
 * records and answers, the deliveries that carried them (decoded), their customer record and
 * the audit entries about them. The export itself is an audit entry.
 */
public final class SubjectExport {

    private final DataSource dataSource;

    public SubjectExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String export(Exchange exchange) throws SQLException {
        String email = SubjectEmail.parse(QueryString.of(exchange, Set.of("email")).get("email"), "email");
        return ActingTransaction.run(dataSource, Actor.of(exchange), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT privacy_subject_export(?)::text")) {
                ps.setString(1, email);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
