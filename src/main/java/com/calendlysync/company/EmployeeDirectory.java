package com.calendlysync.company;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Bean {@code employeeDirectory}: the company's employees (name, email, Calendly user URI,
 * status), for GET/POST /api/v1/employees and GET/PATCH /api/v1/employees/{id}. Email is
 * normalised and unique among active employees, a Calendly user belongs to one employee (409
 * naming the other); employees are deactivated, never deleted. Every change re-matches the
 * meetings they host. An employee token sees only its own employee.
 */
public final class EmployeeDirectory {

    static final Set<String> FIELDS = Set.of("name", "email", "calendlyUserUri", "timezone", "status");
    static final String COLUMNS = "e.id, e.name, e.email, e.calendly_user_uri, e.calendly_role, e.timezone, e.active, "
            + "e.created_at, e.updated_at";

    private final DataSource dataSource;
    private final Rematching rematching;

    public EmployeeDirectory(DataSource dataSource, Rematching rematching) {
        this.dataSource = dataSource;
        this.rematching = rematching;
    }

    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, RecordList.PARAMETERS);
        RecordList list = new RecordList(COLUMNS, "employees e", "e.name", "e.id")
                .filters(query, "(coalesce(e.name, '') || ' ' || coalesce(e.email, ''))", "e.active");
        Principal principal = AccessControl.principal(exchange);
        if (principal.isScopedToEmployee()) {
            list.where("e.id = ?", principal.employeeId());
        }
        return list.page(dataSource, query, EmployeeDirectory::employee);
    }

    /** GET /api/v1/employees/{id}: the employee and the totals of the meetings they host. */
    public Map<String, Object> get(Exchange exchange, long id) throws SQLException {
        Principal principal = AccessControl.principal(exchange);
        if (principal.isScopedToEmployee() && principal.employeeId() != id) {
            throw new ApiException(403, "forbidden", "an employee token sees only its own employee (" + principal.employeeId() + ")");
        }
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> employee = find(c, id);
            employee.put("totals", MeetingTotals.of(c, "(m.employee_id = ? OR EXISTS (SELECT 1 FROM meeting_hosts x "
                    + "WHERE x.meeting_id = m.id AND x.employee_id = " + id + "))", id, principal));
            return employee;
        }
    }

    public Map<String, Object> create(Exchange exchange) throws SQLException {
        RecordFields fields = RecordFields.parse(exchange.getMessage().getBody(String.class), FIELDS);
        String name = fields.requiredText("name", 200);
        String email = fields.email("email");
        if (email == null) {
            throw ApiException.badRequest("field 'email' is required");
        }
        String uri = fields.calendlyUserUri("calendlyUserUri");
        String timezone = fields.text("timezone", 100);
        String status = fields.status("status");
        boolean active = status == null || status.equals("active");
        long id;
        try (Connection c = dataSource.getConnection()) {
            requireUnique(c, active ? email : null, uri, null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO employees (name, email, calendly_user_uri, timezone, active) "
                    + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, name);
                ps.setString(2, email);
                ps.setString(3, uri);
                ps.setString(4, timezone);
                ps.setBoolean(5, active);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            } catch (SQLException e) {
                throw conflictOr(e, email, uri);
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
            String email = (String) current.get("email");
            if (fields.has("email")) {
                email = fields.email("email");
                if (email == null) {
                    throw ApiException.badRequest("field 'email' cannot be cleared");
                }
            }
            String uri = fields.has("calendlyUserUri") ? fields.calendlyUserUri("calendlyUserUri") : (String) current.get("calendlyUserUri");
            String timezone = fields.has("timezone") ? fields.text("timezone", 100) : (String) current.get("timezone");
            boolean active = fields.has("status") ? fields.status("status").equals("active") : (Boolean) current.get("active");
            requireUnique(c, active ? email : null, uri, id);
            try (PreparedStatement ps = c.prepareStatement("UPDATE employees SET name = ?, email = ?, calendly_user_uri = ?, "
                    + "timezone = ?, active = ?, updated_at = now() WHERE id = ?")) {
                ps.setString(1, name);
                ps.setString(2, email);
                ps.setString(3, uri);
                ps.setString(4, timezone);
                ps.setBoolean(5, active);
                ps.setLong(6, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw conflictOr(e, email, uri);
            }
        }
        return withRelinked(id);
    }

    private Map<String, Object> withRelinked(long id) throws SQLException {
        int relinked = rematching.afterEmployees(List.of(id));
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> answer = find(c, id);
            answer.put("relinkedMeetings", relinked);
            return answer;
        }
    }

    private static void requireUnique(Connection c, String activeEmail, String uri, Long self) throws SQLException {
        if (activeEmail != null) {
            Long other = other(c, "active AND lower(btrim(email)) = lower(btrim(?))", activeEmail, self);
            if (other != null) {
                throw new ApiException(409, "conflict", "email " + activeEmail + " belongs to active employee " + other);
            }
        }
        if (uri != null) {
            Long other = other(c, "calendly_user_uri = ?", uri, self);
            if (other != null) {
                throw new ApiException(409, "conflict", "Calendly user " + uri + " belongs to employee " + other);
            }
        }
    }

    private static Long other(Connection c, String condition, String value, Long self) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM employees WHERE " + condition + " AND id <> ? ORDER BY id LIMIT 1")) {
            ps.setString(1, value);
            ps.setLong(2, self == null ? 0 : self);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static RuntimeException conflictOr(SQLException e, String email, String uri) {
        if ("23505".equals(e.getSQLState())) {
            return new ApiException(409, "conflict", e.getMessage().contains("employees_calendly_user")
                    ? "Calendly user " + uri + " belongs to another employee"
                    : "email " + email + " belongs to another active employee");
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    private static Map<String, Object> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM employees e WHERE e.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no employee with id " + id);
                }
                return employee(rs);
            }
        }
    }

    static Map<String, Object> employee(ResultSet rs) throws SQLException {
        Map<String, Object> employee = new LinkedHashMap<>();
        employee.put("id", rs.getLong("id"));
        employee.put("name", rs.getString("name"));
        employee.put("email", rs.getString("email"));
        employee.put("calendlyUserUri", rs.getString("calendly_user_uri"));
        employee.put("calendlyRole", rs.getString("calendly_role"));
        employee.put("timezone", rs.getString("timezone"));
        employee.put("active", rs.getBoolean("active"));
        employee.put("status", rs.getBoolean("active") ? "active" : "inactive");
        employee.put("createdAt", iso(rs.getTimestamp("created_at")));
        employee.put("updatedAt", iso(rs.getTimestamp("updated_at")));
        return employee;
    }
}
