package com.calendlysync.company;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * Bean {@code customerDirectory}: the company's customers as a CRM keeps them (name, email,
 * company domain, customer number, status), for GET/POST /api/v1/customers and GET/PATCH
 * /api/v1/customers/{id}. Email is normalised and unique among active customers, as is the
 * customer number (409 naming the other customer); customers are deactivated, never deleted.
 * Every change re-matches the meetings it may concern. An employee token sees only the
 * customers of meetings it hosts.
 */
public final class CustomerDirectory {

    static final Set<String> FIELDS = Set.of("name", "email", "companyDomain", "customerNumber", "status");
    static final String COLUMNS = "cu.id, cu.name, cu.email, cu.company_domain, cu.customer_number, cu.status, cu.created_at, cu.updated_at";
    private static final String SEARCH = "(coalesce(cu.name, '') || ' ' || coalesce(cu.email, '') || ' ' || coalesce(cu.customer_number, '') "
            + "|| ' ' || coalesce(cu.company_domain, ''))";
    private static final String HOSTED = "EXISTS (SELECT 1 FROM meetings m JOIN meeting_hosts h ON h.meeting_id = m.id "
            + "WHERE m.customer_id = cu.id AND h.employee_id = ?)";

    private final DataSource dataSource;
    private final Rematching rematching;

    public CustomerDirectory(DataSource dataSource, Rematching rematching) {
        this.dataSource = dataSource;
        this.rematching = rematching;
    }

    /** GET /api/v1/customers?q=&status=active|inactive|all&limit=&cursor= */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, RecordList.PARAMETERS);
        RecordList list = new RecordList(COLUMNS, "customers cu", "cu.name", "cu.id")
                .filters(query, SEARCH, "cu.status = 'active'");
        Principal principal = AccessControl.principal(exchange);
        if (principal.isScopedToEmployee()) {
            list.where(HOSTED, principal.employeeId());
        }
        return list.page(dataSource, query, CustomerDirectory::customer);
    }

    /** GET /api/v1/customers/{id}: the customer, its projects and the totals of its meetings. */
    public Map<String, Object> get(Exchange exchange, long id) throws SQLException {
        Principal principal = AccessControl.principal(exchange);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> customer = find(c, id);
            if (principal.isScopedToEmployee() && !hosts(c, id, principal.employeeId())) {
                throw new ApiException(403, "forbidden", "customer " + id + " has no meeting your employee hosts");
            }
            List<Map<String, Object>> projects = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, code, status FROM projects WHERE customer_id = ? ORDER BY status, lower(name), id")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> project = new LinkedHashMap<>();
                        project.put("id", rs.getLong("id"));
                        project.put("name", rs.getString("name"));
                        project.put("code", rs.getString("code"));
                        project.put("status", rs.getString("status"));
                        projects.add(project);
                    }
                }
            }
            customer.put("projects", projects);
            customer.put("totals", MeetingTotals.of(c, "m.customer_id = ?", id, principal));
            return customer;
        }
    }

    /** POST /api/v1/customers: 201 with the customer and how many meetings it now links. */
    public Map<String, Object> create(Exchange exchange) throws SQLException {
        RecordFields fields = RecordFields.parse(exchange.getMessage().getBody(String.class), FIELDS);
        String name = fields.requiredText("name", 200);
        String email = fields.email("email");
        String domain = fields.domain("companyDomain");
        String number = fields.text("customerNumber", 100);
        String status = fields.status("status");
        status = status == null ? "active" : status;
        long id;
        try (Connection c = dataSource.getConnection()) {
            if (status.equals("active")) {
                requireUnique(c, email, number, null);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (name, email, company_domain, customer_number, status) "
                    + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, name);
                ps.setString(2, email);
                ps.setString(3, domain);
                ps.setString(4, number);
                ps.setString(5, status);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            } catch (SQLException e) {
                throw conflictOr(e, email, number);
            }
        }
        Map<String, Object> answer = withRelinked(id);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return answer;
    }

    /** PATCH /api/v1/customers/{id}: the given fields change (null clears one), status deactivates. */
    public Map<String, Object> update(Exchange exchange, long id) throws SQLException {
        RecordFields fields = RecordFields.parse(exchange.getMessage().getBody(String.class), FIELDS);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> current = find(c, id);
            String name = fields.has("name") ? fields.requiredText("name", 200) : (String) current.get("name");
            String email = fields.has("email") ? fields.email("email") : (String) current.get("email");
            String domain = fields.has("companyDomain") ? fields.domain("companyDomain") : (String) current.get("companyDomain");
            String number = fields.has("customerNumber") ? fields.text("customerNumber", 100) : (String) current.get("customerNumber");
            String status = fields.has("status") ? fields.status("status") : (String) current.get("status");
            if ("active".equals(status)) {
                requireUnique(c, email, number, id);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET name = ?, email = ?, company_domain = ?, "
                    + "customer_number = ?, status = ?, updated_at = now() WHERE id = ?")) {
                ps.setString(1, name);
                ps.setString(2, email);
                ps.setString(3, domain);
                ps.setString(4, number);
                ps.setString(5, status);
                ps.setLong(6, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw conflictOr(e, email, number);
            }
        }
        return withRelinked(id);
    }

    private Map<String, Object> withRelinked(long id) throws SQLException {
        int relinked = rematching.afterCustomers(List.of(id));
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> answer = find(c, id);
            answer.put("relinkedMeetings", relinked);
            return answer;
        }
    }

    /** 409 when another active customer has this email or customer number. */
    static void requireUnique(Connection c, String email, String number, Long self) throws SQLException {
        if (email != null) {
            Long other = other(c, "lower(btrim(email)) = lower(btrim(?))", email, self);
            if (other != null) {
                throw new ApiException(409, "conflict", "email " + email + " belongs to active customer " + other);
            }
        }
        if (number != null) {
            Long other = other(c, "lower(btrim(customer_number)) = lower(btrim(?))", number, self);
            if (other != null) {
                throw new ApiException(409, "conflict", "customer number " + number + " belongs to active customer " + other);
            }
        }
    }

    private static Long other(Connection c, String condition, String value, Long self) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customers WHERE status = 'active' AND " + condition
                + " AND id <> ? ORDER BY id LIMIT 1")) {
            ps.setString(1, value);
            ps.setLong(2, self == null ? 0 : self);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Two requests racing for one email: the unique index decides, answered like the check above. */
    private static RuntimeException conflictOr(SQLException e, String email, String number) {
        if ("23505".equals(e.getSQLState())) {
            return new ApiException(409, "conflict", e.getMessage().contains("customers_active_number")
                    ? "customer number " + number + " belongs to another active customer"
                    : "email " + email + " belongs to another active customer");
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    private static Map<String, Object> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM customers cu WHERE cu.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no customer with id " + id);
                }
                return customer(rs);
            }
        }
    }

    private static boolean hosts(Connection c, long customerId, long employeeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM customers cu WHERE cu.id = ? AND " + HOSTED)) {
            ps.setLong(1, customerId);
            ps.setLong(2, employeeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Map<String, Object> customer(ResultSet rs) throws SQLException {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", rs.getLong("id"));
        customer.put("name", rs.getString("name"));
        customer.put("email", rs.getString("email"));
        customer.put("companyDomain", rs.getString("company_domain"));
        customer.put("customerNumber", rs.getString("customer_number"));
        customer.put("status", rs.getString("status"));
        customer.put("createdAt", iso(rs.getTimestamp("created_at")));
        customer.put("updatedAt", iso(rs.getTimestamp("updated_at")));
        return customer;
    }
}
