package com.calendlysync.company;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.access.Principal;
import com.calendlysync.web.ApiException;
import org.apache.camel.Exchange;

/**
 * Bean {@code projectDirectory}: the company's projects (name, customer, code, status), for
 * GET/POST /api/v1/projects and GET/PATCH /api/v1/projects/{id}. The code is what a booking
 * names (a Q&A answer or a UTM field) and is unique among active projects (409). Projects are
 * deactivated, never deleted; every change re-matches the meetings it may concern. An employee
 * token sees only the projects of meetings it hosts.
 */
public final class ProjectDirectory extends RecordDirectory<ProjectDirectory.Project> {

    static final Set<String> FIELDS = Set.of("name", "customerId", "code", "description", "status");
    private static final Set<String> LIST_PARAMETERS = Set.of("q", "status", "limit", "cursor", "customerId");
    private static final String COLUMNS = "p.id, p.name, p.customer_id, cu.name AS customer_name, p.code, p.description, p.status, "
            + "p.created_at, p.updated_at";
    private static final String FROM = "projects p LEFT JOIN customers cu ON cu.id = p.customer_id";
    private static final String HOSTED = "EXISTS (SELECT 1 FROM meetings m JOIN meeting_hosts h ON h.meeting_id = m.id "
            + "WHERE m.project_id = p.id AND h.employee_id = ?)";

    /** A project as a body gives it. */
    record Project(String name, Long customerId, String code, String description, String status) {
    }

    public ProjectDirectory(DataSource dataSource, Rematching rematching) {
        super(dataSource, "projects", "p", "project", COLUMNS, FROM, "(coalesce(p.name, '') || ' ' || coalesce(p.code, ''))",
                "p.status = 'active'", HOSTED, FIELDS, ProjectDirectory::project, rematching::afterProjects);
    }

    @Override
    protected Project read(Given given) {
        RecordFields fields = given.fields();
        return new Project(given.value("name", () -> fields.requiredText("name", 200)),
                given.value("customerId", () -> fields.id("customerId")), given.value("code", () -> fields.code("code")),
                given.value("description", () -> fields.text("description", 2000)), given.status());
    }

    /** The customer exists; the code is unique among active projects. */
    @Override
    protected void check(Connection c, Project project, Long self) throws SQLException {
        requireCustomer(c, project.customerId());
        if (project.status().equals("active")) {
            requireNoOther(c, "status = 'active' AND lower(btrim(code)) = lower(btrim(?))", project.code(), self,
                    "code " + project.code() + " belongs to active project ");
        }
    }

    @Override
    protected Columns columns(Project project) {
        return new Columns().text("name", project.name()).id("customer_id", project.customerId())
                .text("code", project.code()).text("description", project.description())
                .text("status", project.status());
    }

    @Override
    protected String conflict(SQLException e, Project project) {
        return "code " + project.code() + " belongs to another active project";
    }

    /** GET /api/v1/projects: as the other lists, and customerId narrows it to one customer's projects. */
    @Override
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        return list(exchange, LIST_PARAMETERS, (list, query) -> {
            Long customerId = query.positiveId("customerId");
            if (customerId != null) {
                list.where("p.customer_id = ?", customerId);
            }
        });
    }

    public Map<String, Object> get(Exchange exchange, long id) throws SQLException {
        Principal principal = AccessControl.principal(exchange);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> project = visible(c, id, principal);
            project.put("totals", MeetingTotals.of(c, "m.project_id = ?", id, principal));
            return project;
        }
    }

    private static void requireCustomer(Connection c, Long customerId) throws SQLException {
        if (customerId == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM customers WHERE id = ?")) {
            ps.setLong(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.badRequest("field 'customerId': there is no customer " + customerId);
                }
            }
        }
    }

    static Map<String, Object> project(ResultSet rs) throws SQLException {
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("id", rs.getLong("id"));
        project.put("name", rs.getString("name"));
        long customerId = rs.getLong("customer_id");
        project.put("customerId", rs.wasNull() ? null : customerId);
        project.put("customerName", rs.getString("customer_name"));
        project.put("code", rs.getString("code"));
        project.put("description", rs.getString("description"));
        project.put("status", rs.getString("status"));
        project.put("createdAt", iso(rs.getTimestamp("created_at")));
        project.put("updatedAt", iso(rs.getTimestamp("updated_at")));
        return project;
    }
}
