package com.calendlysync.meetings;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.json.Json;
import com.calendlysync.access.AccessControl;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.access.Principal;
import com.calendlysync.web.QueryString;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * Bean {@code meetingSearch}: the meeting lists of the API (all meetings, a customer's, an
 * employee's). The query is built here because its filters are optional; it is the one place
 * that SQL lives, shared with the export. An employee token always gets the "hosted by me"
 * condition, whatever the parameters say.
 */
public final class MeetingSearch {

    static final ObjectMapper JSON = Json.MAPPER;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final DataSource dataSource;
    private final SealedValues sealed;

    public MeetingSearch(DataSource dataSource, SealedValues sealed) {
        this.dataSource = dataSource;
        this.sealed = sealed;
    }

    /** GET /api/v1/meetings */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, MeetingFilter.LIST_PARAMETERS);
        return page(exchange, query, MeetingFilter.from(query));
    }

    /**
     * GET /api/v1/customers/{id}/meetings: the customer and their meetings (404 if there is no
     * such customer). An employee token gets the meetings its employee hosts with them, and the
     * customer's record only when there is at least one: otherwise an empty page with customer
     * null, the same whether the customer exists or not, so customers cannot be looked up by id.
     */
    public Map<String, Object> forCustomer(Exchange exchange, long customerId) throws SQLException {
        Map<String, Object> customer = customer(customerId, AccessControl.principal(exchange));
        QueryString query = QueryString.of(exchange, without(MeetingFilter.LIST_PARAMETERS, "customerId"));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("customer", customer);
        page.putAll(page(exchange, query, MeetingFilter.from(query).withCustomer(customerId)));
        return page;
    }

    /**
     * GET /api/v1/employees/{id}/meetings: the meetings this employee hosts (404 if no such
     * employee). An employee token asking for a colleague gets only the meetings the two host
     * together, and never the colleague's record (employee null, whether the colleague exists or not).
     */
    public Map<String, Object> forEmployee(Exchange exchange, long employeeId) throws SQLException {
        Principal viewer = AccessControl.principal(exchange);
        boolean colleague = viewer.isScopedToEmployee() && viewer.employeeId() != employeeId;
        Map<String, Object> employee = colleague ? null : employee(employeeId);
        QueryString query = QueryString.of(exchange, without(MeetingFilter.LIST_PARAMETERS, "employeeId"));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("employee", employee);
        page.putAll(page(exchange, query, MeetingFilter.from(query).withEmployee(employeeId)));
        return page;
    }

    private Map<String, Object> page(Exchange exchange, QueryString query, MeetingFilter filter) throws SQLException {
        int limit = query.limit("limit", DEFAULT_LIMIT, MAX_LIMIT);
        Cursor after = Cursor.decode(query.get("cursor"), filter.sort());
        MeetingQuery sql = MeetingQuery.build(filter, AccessControl.principal(exchange), after, limit + 1, new SealedTextSearch(sealed, dataSource));
        List<Map<String, Object>> items = new ArrayList<>();
        String lastKey = null;
        long lastId = 0;
        boolean more = false;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(item(rs, sealed));
                lastKey = rs.getString("sort_key");
                lastId = rs.getLong("id");
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("limit", limit);
        page.put("sort", filter.sort().parameter());
        page.put("nextCursor", more ? new Cursor(filter.sort().parameter(), lastKey, lastId).encode() : null);
        if ("true".equals(query.get("total"))) {
            // asked for (total=true): counting every match costs a full pass over them
            MeetingQuery all = MeetingQuery.build(filter, AccessControl.principal(exchange), null, null, new SealedTextSearch(sealed, dataSource));
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = all.prepareCount(c); ResultSet rs = ps.executeQuery()) {
                rs.next();
                page.put("total", rs.getLong(1));
            }
        }
        return page;
    }

    static Map<String, Object> item(ResultSet rs, SealedValues sealed) throws SQLException {
        PersonalValues personal = PersonalValues.of(rs, sealed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("title", rs.getString("title"));
        m.put("status", rs.getString("status"));
        m.put("noShow", rs.getBoolean("no_show"));
        m.put("startTime", iso(rs.getTimestamp("start_time")));
        m.put("endTime", iso(rs.getTimestamp("end_time")));
        m.put("durationMinutes", rs.getObject("duration_minutes"));
        m.put("location", personal.location());
        m.put("source", rs.getString("source"));
        boolean calendly = rs.getObject("calendly_id") != null;
        m.put("calendly", calendly);
        long customerId = rs.getLong("customer_id");
        if (rs.wasNull()) {
            m.put("customer", null);
        } else {
            Map<String, Object> customer = new LinkedHashMap<>();
            customer.put("id", customerId);
            customer.put("name", rs.getString("customer_name"));
            customer.put("email", rs.getString("customer_email"));
            m.put("customer", customer);
        }
        m.put("organizerEmployeeId", rs.getObject("employee_id"));
        long projectId = rs.getLong("project_id");
        if (rs.wasNull()) {
            m.put("project", null);
        } else {
            Map<String, Object> project = new LinkedHashMap<>();
            project.put("id", projectId);
            project.put("name", rs.getString("project_name"));
            m.put("project", project);
        }
        // how each link was made: a rule (reference, email, domain, calendly_user, code, only_project) or a person
        Map<String, Object> linkedBy = new LinkedHashMap<>();
        linkedBy.put("customer", rs.getString("customer_link"));
        linkedBy.put("employee", rs.getString("employee_link"));
        linkedBy.put("project", rs.getString("project_link"));
        m.put("linkedBy", linkedBy);
        m.put("unmatchedReason", rs.getString("customer_unmatched_reason"));
        m.put("timezone", rs.getString("invitee_timezone"));
        m.put("joinUrl", joinUrl(personal.locationDetail()));
        if (calendly) {
            m.put("invitee", Map.of("name", nullToEmpty(personal.inviteeName()),
                    "email", nullToEmpty(personal.inviteeEmail())));
            Map<String, Object> eventType = new LinkedHashMap<>();
            eventType.put("name", rs.getString("event_name"));
            eventType.put("uri", rs.getString("event_type_uri"));
            m.put("eventType", eventType);
            m.put("hosts", json(rs.getString("hosts")));
            Map<String, Object> links = new LinkedHashMap<>();
            links.put("reschedule", rs.getString("reschedule_url"));
            links.put("cancel", rs.getString("cancel_url"));
            m.put("links", links);
        } else {
            m.put("invitee", null);
            m.put("eventType", null);
            m.put("hosts", List.of());
            m.put("links", null);
        }
        m.put("createdAt", iso(rs.getTimestamp("created_at")));
        m.put("updatedAt", iso(rs.getTimestamp("updated_at")));
        return m;
    }

    private Map<String, Object> customer(long id, Principal viewer) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT cu.id, cu.name, cu.email, cu.status FROM customers cu "
                     + "WHERE cu.id = ? AND (CAST(? AS bigint) IS NULL OR EXISTS (SELECT 1 FROM meetings m "
                     + "JOIN meeting_hosts h ON h.meeting_id = m.id WHERE m.customer_id = cu.id AND h.employee_id = ?))")) {
            ps.setLong(1, id);
            if (viewer.isScopedToEmployee()) {
                ps.setLong(2, viewer.employeeId());
                ps.setLong(3, viewer.employeeId());
            } else {
                ps.setNull(2, Types.BIGINT);
                ps.setNull(3, Types.BIGINT);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    if (viewer.isScopedToEmployee()) {
                        return null;
                    }
                    throw new NotFoundException("no customer with id " + id);
                }
                Map<String, Object> customer = new LinkedHashMap<>();
                customer.put("id", rs.getLong("id"));
                customer.put("name", rs.getString("name"));
                customer.put("email", rs.getString("email"));
                customer.put("status", rs.getString("status"));
                return customer;
            }
        }
    }

    private Map<String, Object> employee(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name, email, active FROM employees WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no employee with id " + id);
                }
                Map<String, Object> employee = new LinkedHashMap<>();
                employee.put("id", rs.getLong("id"));
                employee.put("name", rs.getString("name"));
                employee.put("email", rs.getString("email"));
                employee.put("active", rs.getBoolean("active"));
                return employee;
            }
        }
    }

    static java.util.Set<String> without(java.util.Set<String> names, String name) {
        java.util.Set<String> copy = new java.util.HashSet<>(names);
        copy.remove(name);
        return copy;
    }

    /** The online meeting's address (Zoom, Google Meet, Teams...) from Calendly's location, or null. */
    private static String joinUrl(String location) {
        if (location == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(location);
            String url = node.path("join_url").asText(null);
            if (url == null && node.path("location").asText("").startsWith("https://")) {
                url = node.path("location").asText();
            }
            return url != null && url.startsWith("https://") ? url : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? JSON.createArrayNode() : JSON.readTree(text);
        } catch (Exception e) {
            throw new ApiException(500, "internal_error", "stored hosts are not JSON");
        }
    }
}
