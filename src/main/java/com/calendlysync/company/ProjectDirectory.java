package com.calendlysync.company;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.access.Principal;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import com.calendlysync.web.QueryString;
import org.apache.camel.Exchange;

/**
 * Bean {@code projectDirectory}: the company's projects (name, customer, code, status), for
 * GET/POST /api/v1/projects and GET/PATCH /api/v1/projects/{id}. The code is what a booking
 * names (a Q&A answer or a UTM field) and is unique among active projects (409). Projects are
 * deactivated, never deleted; every change re-matches the meetings it may concern. An employee
 * token sees only the projects of meetings it hosts.
 */
public final class ProjectDirectory {

    static final Set<String> FIELDS = Set.of("name", "customerId", "code", "description", "status");
    private static final Set<String> LIST_PARAMETERS = Set.of("q", "status", "limit", "cursor", "customerId");
    private static final String COLUMNS = "p.id, p.name, p.customer_id, cu.name AS customer_name, p.code, p.description, p.status, "
            + "p.created_at, p.updated_at";
    private static final String FROM = "projects p LEFT JOIN customers cu ON cu.id = p.customer_id";
    private static final String HOSTED = "EXISTS (SELECT 1 FROM meetings m JOIN meeting_hosts h ON h.meeting_id = m.id "
            + "WHERE m.project_id = p.id AND h.employee_id = ?)";

    private final DataSource dataSource;
    private final Rematching rematching;

    public ProjectDirectory(DataSource dataSource, Rematching rematching) {
        this.dataSource = dataSource;
        this.rematching = rematching;
    }

    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, LIST_PARAMETERS);
        RecordList list = new RecordList(COLUMNS, FROM, "p.name", "p.id")
                .filters(query, "(coalesce(p.name, '') || ' ' || coalesce(p.code, ''))", "p.status = 'active'");
        Long customerId = query.positiveId("customerId");
        if (customerId != null) {
            list.where("p.customer_id = ?", customerId);
        }
        Principal principal = AccessControl.principal(exchange);
        if (principal.isScopedToEmployee()) {
            list.where(HOSTED, principal.employeeId());
        }
        return list.page(dataSource, query, ProjectDirectory::project);
    }

    public Map<String, Object> get(Exchange exchange, long id) throws SQLException {
        Principal principal = AccessControl.principal(exchange);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> project = find(c, id);
            if (principal.isScopedToEmployee()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM projects p WHERE p.id = ? AND " + HOSTED)) {
                    ps.setLong(1, id);
                    ps.setLong(2, principal.employeeId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new ApiException(403, "forbidden", "project " + id + " has no meeting your employee hosts");
                        }
                    }
                }
            }
            project.put("totals", MeetingTotals.of(c, "m.project_id = ?", id, principal));
            return project;
        }
    }

    public Map<String, Object> create(Exchange exchange) throws SQLException {
        RecordFields fields = RecordFields.parse(exchange.getMessage().getBody(String.class), FIELDS);
        String name = fields.requiredText("name", 200);
        Long customerId = fields.id("customerId");
        String code = fields.code("code");
        String description = fields.text("description", 2000);
        String status = fields.status("status");
        status = status == null ? "active" : status;
        long id;
        try (Connection c = dataSource.getConnection()) {
            requireCustomer(c, customerId);
            if (status.equals("active")) {
                requireUnique(c, code, null);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO projects (name, customer_id, code, description, status) "
                    + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, name);
                ps.setObject(2, customerId, Types.BIGINT);
                ps.setString(3, code);
                ps.setString(4, description);
                ps.setString(5, status);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            } catch (SQLException e) {
                throw conflictOr(e, code);
            }
        }
        Map<String, Object> answer = withRelinked(id);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return answer;
    }

    public Map<String, Object> update(Exchange exchange, long id) throws SQLException {
        RecordFields fields = RecordFields.parse(exchange.getMessage().getBody(String.class), FIELDS);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> current = find(c, id);
            String name = fields.has("name") ? fields.requiredText("name", 200) : (String) current.get("name");
            Long customerId = fields.has("customerId") ? fields.id("customerId") : (Long) current.get("customerId");
            String code = fields.has("code") ? fields.code("code") : (String) current.get("code");
            String description = fields.has("description") ? fields.text("description", 2000) : (String) current.get("description");
            String status = fields.has("status") ? fields.status("status") : (String) current.get("status");
            requireCustomer(c, customerId);
            if (status.equals("active")) {
                requireUnique(c, code, id);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE projects SET name = ?, customer_id = ?, code = ?, description = ?, "
                    + "status = ?, updated_at = now() WHERE id = ?")) {
                ps.setString(1, name);
                ps.setObject(2, customerId, Types.BIGINT);
                ps.setString(3, code);
                ps.setString(4, description);
                ps.setString(5, status);
                ps.setLong(6, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw conflictOr(e, code);
            }
        }
        return withRelinked(id);
    }

    private Map<String, Object> withRelinked(long id) throws SQLException {
        int relinked = rematching.afterProjects(List.of(id));
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> answer = find(c, id);
            answer.put("relinkedMeetings", relinked);
            return answer;
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

    private static void requireUnique(Connection c, String code, Long self) throws SQLException {
        if (code == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM projects WHERE status = 'active' "
                + "AND lower(btrim(code)) = lower(btrim(?)) AND id <> ? ORDER BY id LIMIT 1")) {
            ps.setString(1, code);
            ps.setLong(2, self == null ? 0 : self);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new ApiException(409, "conflict", "code " + code + " belongs to active project " + rs.getLong(1));
                }
            }
        }
    }

    private static RuntimeException conflictOr(SQLException e, String code) {
        if ("23505".equals(e.getSQLState())) {
            return new ApiException(409, "conflict", "code " + code + " belongs to another active project");
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    private static Map<String, Object> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + FROM + " WHERE p.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no project with id " + id);
                }
                return project(rs);
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
