package com.calendlysync.company;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.settings.AppProperties;

/**
 * The matching rules' settings from application.properties, written at start into
 * matching_settings, where the SQL rules (R__company_matching.sql) read them. A value that
 * makes no sense stops the start with the setting's name. Answers whether they changed, so the
 * meetings still unlinked can be matched again under the new rules.
 */
public final class MatchingSettings {

    private static final Set<String> UTM = Set.of("utm_campaign", "utm_source", "utm_medium", "utm_content", "utm_term");

    private final String customerReferenceQuestion;
    private final String customerReferenceUtm;
    private final boolean matchByDomain;
    private final List<String> freeMailDomains;
    private final String projectCodeQuestion;
    private final String projectCodeUtm;
    private final boolean projectOnlyActive;

    public MatchingSettings(AppProperties props) {
        customerReferenceQuestion = props.text("calendly.customer-reference-question");
        customerReferenceUtm = utm(props, "calendly.customer-reference-utm");
        matchByDomain = props.flag("calendly.match-by-domain");
        freeMailDomains = Arrays.stream(java.util.Objects.requireNonNullElse(props.text("calendly.free-mail-domains"), "").split(","))
                .map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
        projectCodeQuestion = props.text("calendly.project-code-question");
        projectCodeUtm = utm(props, "calendly.project-code-utm");
        projectOnlyActive = props.flag("calendly.project-only-active");
    }

    private static String utm(AppProperties props, String key) {
        String value = props.text(key);
        if (value != null && !UTM.contains(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Setting " + key + " must be one of utm_campaign, utm_source, utm_medium, "
                    + "utm_content, utm_term (or empty), not '" + value + "'");
        }
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** Writes the settings; true when they differ from what the database held. */
    public boolean store(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO matching_settings AS s (id, customer_reference_question, customer_reference_utm, match_by_domain,
                       free_mail_domains, project_code_question, project_code_utm, project_only_active)
                VALUES (true, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE
                   SET customer_reference_question = excluded.customer_reference_question,
                       customer_reference_utm = excluded.customer_reference_utm, match_by_domain = excluded.match_by_domain,
                       free_mail_domains = excluded.free_mail_domains, project_code_question = excluded.project_code_question,
                       project_code_utm = excluded.project_code_utm, project_only_active = excluded.project_only_active,
                       updated_at = now()
                 WHERE (s.customer_reference_question, s.customer_reference_utm, s.match_by_domain, s.free_mail_domains,
                        s.project_code_question, s.project_code_utm, s.project_only_active)
                       IS DISTINCT FROM
                       (excluded.customer_reference_question, excluded.customer_reference_utm, excluded.match_by_domain,
                        excluded.free_mail_domains, excluded.project_code_question, excluded.project_code_utm,
                        excluded.project_only_active)""")) {
            Array domains = c.createArrayOf("text", freeMailDomains.toArray());
            ps.setString(1, customerReferenceQuestion);
            ps.setString(2, customerReferenceUtm);
            ps.setBoolean(3, matchByDomain);
            ps.setArray(4, domains);
            ps.setString(5, projectCodeQuestion);
            ps.setString(6, projectCodeUtm);
            ps.setBoolean(7, projectOnlyActive);
            return ps.executeUpdate() == 1;
        }
    }

    public String describe() {
        return "customer: " + (customerReferenceQuestion != null || customerReferenceUtm != null
                ? "reference (" + (customerReferenceQuestion != null ? "question '" + customerReferenceQuestion + "'" : "")
                  + (customerReferenceQuestion != null && customerReferenceUtm != null ? ", " : "")
                  + (customerReferenceUtm != null ? customerReferenceUtm : "") + "), " : "")
                + "email" + (matchByDomain ? ", domain" : "") + "; project: "
                + (projectCodeQuestion != null || projectCodeUtm != null ? "code, " : "")
                + (projectOnlyActive ? "customer's only project" : "");
    }
}
