package com.calendlysync.company;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.calendly.CalendlyApiException;
import com.calendlysync.calendly.CalendlyClient;
import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code employeeSync}: the organization's Calendly members become employees. Reads
 * GET /organization_memberships?organization=&lt;uri&gt;&amp;count=100, every page, through the one
 * Calendly client (CalendlyClient: pacing, retries, paging, clear errors), and creates or updates an
 * employee per member with the Calendly user URI, name, email, time zone and role. A member is
 * found by user URI first (an email change keeps the employee), then by active email. Then the
 * meetings these employees host are re-matched. POST /api/v1/employees/sync runs it, and so
 * does every reconciliation (route calendly-reconcile); the audit trail names the token or the
 * reconciliation run, doing "employee sync".
 */
public final class EmployeeSync {

    private static final Logger LOG = LoggerFactory.getLogger(EmployeeSync.class);

    private final CalendlyClient calendly;
    private final DataSource dataSource;
    private final Rematching rematching;

    public EmployeeSync(CalendlyClient calendly, DataSource dataSource, Rematching rematching) {
        this.calendly = calendly;
        this.dataSource = dataSource;
        this.rematching = rematching;
    }

    /**
     * Brings the employees up to date with Calendly's members. {@code by} is who asked: the
     * API token, or the reconciliation run that syncs first; the audit trail names it, doing
     * "employee sync".
     */
    public Map<String, Object> sync(Actor by) throws SQLException {
        Actor actor = by.doing("employee sync");
        if (!calendly.hasConfiguredToken()) {
            throw new ApiException(503, "calendly_not_configured",
                    "no Calendly API token: set CALENDLY_API_TOKEN (an organization owner's or admin's token) to sync employees");
        }
        JsonNode me = calendly.get("/users/me");
        String organization = me == null ? null : me.path("resource").path("current_organization").asText(null);
        if (organization == null) {
            throw new CalendlyApiException(0, "Calendly's /users/me named no current_organization for this token");
        }
        List<JsonNode> members = new ArrayList<>();
        int pages = 0;
        for (CalendlyClient.Page page : calendly.pages("/organization_memberships?organization="
                + URLEncoder.encode(organization, StandardCharsets.UTF_8) + "&count=100")) {
            pages++;
            members.addAll(page.items());
        }

        Tally tally = new Tally();
        ActingTransaction.run(dataSource, actor, c -> {
            for (JsonNode member : members) {
                JsonNode user = member.path("user");
                String uri = user.path("uri").asText(null);
                String email = user.path("email").asText("").trim().toLowerCase(Locale.ROOT);
                if (uri == null || email.isEmpty()) {
                    tally.skipped.add(skip(uri, email, "the membership has no user URI or email"));
                    continue;
                }
                String name = user.path("name").asText(null);
                String timezone = user.path("timezone").asText(null);
                String role = member.path("role").asText(null);
                Long id = find(c, "calendly_user_uri = ?", uri);
                if (id == null) {
                    id = find(c, "active AND lower(btrim(email)) = ?", email);
                }
                Long holder = find(c, "active AND lower(btrim(email)) = ?", email);
                if (holder != null && !holder.equals(id)) {
                    tally.skipped.add(skip(uri, email, "email " + email + " belongs to active employee " + holder));
                    continue;
                }
                if (id == null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO employees (name, email, calendly_user_uri, "
                            + "calendly_role, timezone) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                        ps.setString(1, name);
                        ps.setString(2, email);
                        ps.setString(3, uri);
                        ps.setString(4, role);
                        ps.setString(5, timezone);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            tally.touched.add(rs.getLong(1));
                        }
                    }
                    tally.created++;
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE employees SET name = coalesce(?, name), email = ?, "
                        + "calendly_user_uri = ?, calendly_role = ?, timezone = coalesce(?, timezone), updated_at = now() "
                        + "WHERE id = ? AND (name, email, calendly_user_uri, calendly_role, timezone) IS DISTINCT FROM "
                        + "(coalesce(?, name), ?, ?, ?, coalesce(?, timezone))")) {
                    ps.setString(1, name);
                    ps.setString(2, email);
                    ps.setString(3, uri);
                    ps.setString(4, role);
                    ps.setString(5, timezone);
                    ps.setLong(6, id);
                    ps.setString(7, name);
                    ps.setString(8, email);
                    ps.setString(9, uri);
                    ps.setString(10, role);
                    ps.setString(11, timezone);
                    if (ps.executeUpdate() == 1) {
                        tally.updated++;
                        tally.touched.add(id);
                    } else {
                        tally.unchanged++;
                    }
                }
            }
            return null;
        });
        int relinked = rematching.afterEmployees(tally.touched, actor);
        LOG.info("Employee sync: {} Calendly members on {} page(s): {} created, {} updated, {} unchanged, {} skipped, "
                + "{} meetings re-matched", members.size(), pages, tally.created, tally.updated, tally.unchanged, tally.skipped.size(),
                relinked);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("organization", organization);
        report.put("memberships", members.size());
        report.put("pages", pages);
        report.put("created", tally.created);
        report.put("updated", tally.updated);
        report.put("unchanged", tally.unchanged);
        report.put("skipped", tally.skipped);
        report.put("relinkedMeetings", relinked);
        return report;
    }

    /** What one sync did with the members. */
    private static final class Tally {
        int created;
        int updated;
        int unchanged;
        final List<Map<String, Object>> skipped = new ArrayList<>();
        final List<Long> touched = new ArrayList<>();
    }

    private static Long find(Connection c, String condition, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM employees WHERE " + condition + " ORDER BY id LIMIT 1")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static Map<String, Object> skip(String uri, String email, String reason) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("calendlyUserUri", uri);
        row.put("email", email);
        row.put("reason", reason);
        return row;
    }
}
