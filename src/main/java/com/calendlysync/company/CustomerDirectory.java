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
import org.apache.camel.Exchange;

/**
 * Bean {@code customerDirectory}: the company's customers as a CRM keeps them (name, email,
 * company domain, customer number, status), for GET/POST /api/v1/customers and GET/PATCH
 * /api/v1/customers/{id}. Email is normalised and unique among active customers, as is the
 * customer number (409 naming the other customer); customers are deactivated, never deleted.
 * Every change re-matches the meetings it may concern. An employee token sees only the
 * customers of meetings it hosts.
 */
public final class CustomerDirectory extends RecordDirectory<CustomerDirectory.Customer> {

    static final Set<String> FIELDS = Set.of("name", "email", "companyDomain", "customerNumber", "status");
    static final String COLUMNS = "cu.id, cu.name, cu.email, cu.company_domain, cu.customer_number, cu.status, cu.created_at, cu.updated_at";
    private static final String SEARCH = "(coalesce(cu.name, '') || ' ' || coalesce(cu.email, '') || ' ' || coalesce(cu.customer_number, '') "
            + "|| ' ' || coalesce(cu.company_domain, ''))";
    private static final String HOSTED = "EXISTS (SELECT 1 FROM meetings m JOIN meeting_hosts h ON h.meeting_id = m.id "
            + "WHERE m.customer_id = cu.id AND h.employee_id = ?)";

    /** A customer as a body gives it. */
    record Customer(String name, String email, String domain, String number, String status) {
    }

    public CustomerDirectory(DataSource dataSource, Rematching rematching) {
        super(dataSource, "customers", "cu", "customer", COLUMNS, "customers cu", SEARCH, "cu.status = 'active'", HOSTED, FIELDS,
                CustomerDirectory::customer, rematching::afterCustomers);
    }

    @Override
    protected Customer read(Given given) {
        RecordFields fields = given.fields();
        return new Customer(given.value("name", () -> fields.requiredText("name", 200)),
                given.value("email", () -> fields.email("email")),
                given.value("companyDomain", () -> fields.domain("companyDomain")),
                given.value("customerNumber", () -> fields.text("customerNumber", 100)), given.status());
    }

    /** Email and customer number are unique among active customers. */
    @Override
    protected void check(Connection c, Customer customer, Long self) throws SQLException {
        if (customer.status().equals("active")) {
            requireNoOther(c, "status = 'active' AND lower(btrim(email)) = lower(btrim(?))", customer.email(),
                    self, "email " + customer.email() + " belongs to active customer ");
            requireNoOther(c, "status = 'active' AND lower(btrim(customer_number)) = lower(btrim(?))",
                    customer.number(), self, "customer number " + customer.number() + " belongs to active customer ");
        }
    }

    @Override
    protected Columns columns(Customer customer) {
        return new Columns().text("name", customer.name()).text("email", customer.email())
                .text("company_domain", customer.domain()).text("customer_number", customer.number())
                .text("status", customer.status());
    }

    @Override
    protected String conflict(SQLException e, Customer customer) {
        return e.getMessage().contains("customers_active_number")
                ? "customer number " + customer.number() + " belongs to another active customer"
                : "email " + customer.email() + " belongs to another active customer";
    }

    /** GET /api/v1/customers/{id}: the customer, its projects and the totals of its meetings. */
    public Map<String, Object> get(Exchange exchange, long id) throws SQLException {
        Principal principal = AccessControl.principal(exchange);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> customer = visible(c, id, principal);
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
