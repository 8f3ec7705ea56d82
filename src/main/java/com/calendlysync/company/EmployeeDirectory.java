package com.calendlysync.company;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
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
 * Bean {@code employeeDirectory}: the company's employees (name, email, Calendly user URI,
 * status), for GET/POST /api/v1/employees and GET/PATCH /api/v1/employees/{id}. Email is
 * normalised and unique among active employees, a Calendly user belongs to one employee (409
 * naming the other); employees are deactivated, never deleted. Every change re-matches the
 * meetings they host. An employee token sees only its own employee.
 */
public final class EmployeeDirectory extends RecordDirectory<EmployeeDirectory.Employee> {

    static final Set<String> FIELDS = Set.of("name", "email", "calendlyUserUri", "timezone", "status");
    static final String COLUMNS = "e.id, e.name, e.email, e.calendly_user_uri, e.calendly_role, e.timezone, e.active, "
            + "e.created_at, e.updated_at";

    /** An employee as a body gives it. */
    record Employee(String name, String email, String uri, String timezone, boolean active) {
    }

    public EmployeeDirectory(DataSource dataSource, Rematching rematching) {
        super(dataSource, "employees", "e", "employee", COLUMNS, "employees e",
                "(coalesce(e.name, '') || ' ' || coalesce(e.email, ''))", "e.active", "e.id = ?", FIELDS, EmployeeDirectory::employee,
                rematching::afterEmployees);
    }

    @Override
    protected Employee read(Given given) {
        RecordFields fields = given.fields();
        String name = given.value("name", () -> fields.requiredText("name", 200));
        String email = given.value("email", () -> fields.email("email"));
        if (email == null) {
            throw ApiException.badRequest(given.isCreate() ? "field 'email' is required" : "field 'email' cannot be cleared");
        }
        return new Employee(name, email, given.value("calendlyUserUri", () -> fields.calendlyUserUri("calendlyUserUri")),
                given.value("timezone", () -> fields.text("timezone", 100)), given.status().equals("active"));
    }

    /** Email is unique among active employees; a Calendly user belongs to one employee. */
    @Override
    protected void check(Connection c, Employee employee, Long self) throws SQLException {
        if (employee.active()) {
            requireNoOther(c, "active AND lower(btrim(email)) = lower(btrim(?))", employee.email(), self,
                    "email " + employee.email() + " belongs to active employee ");
        }
        requireNoOther(c, "calendly_user_uri = ?", employee.uri(), self,
                "Calendly user " + employee.uri() + " belongs to employee ");
    }

    @Override
    protected Columns columns(Employee employee) {
        return new Columns().text("name", employee.name()).text("email", employee.email())
                .text("calendly_user_uri", employee.uri()).text("timezone", employee.timezone())
                .flag("active", employee.active());
    }

    @Override
    protected String conflict(SQLException e, Employee employee) {
        return e.getMessage().contains("employees_calendly_user")
                ? "Calendly user " + employee.uri() + " belongs to another employee"
                : "email " + employee.email() + " belongs to another active employee";
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
