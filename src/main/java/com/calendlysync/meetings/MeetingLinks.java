package com.calendlysync.meetings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.access.Principal;
import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.company.RecordFields;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import org.apache.camel.Exchange;

/**
 * Bean {@code meetingLinks}: PATCH /api/v1/meetings/{id} {"customerId", "projectId",
 * "employeeId"}: a person links a meeting to a customer, project or employee (null clears it).
 * Each field given becomes a link set by a person ({@code *_link = 'person'}), which no rule,
 * re-matching, webhook or import changes afterwards (trigger meetings_keep_manual_links); who
 * changed what is kept in meeting_link_changes, and the audit trail names the caller's token as
 * the actor of the change. An id that names no record is a 400 naming the
 * field; an inactive customer, employee or project cannot be linked.
 */
public final class MeetingLinks {

    private static final Set<String> FIELDS = Set.of("customerId", "projectId", "employeeId");
    private static final Map<String, String[]> LINKS = Map.of(
            "customerId", new String[] {"customer", "customers", "status = 'active'"},
            "employeeId", new String[] {"employee", "employees", "active"},
            "projectId", new String[] {"project", "projects", "status = 'active'"});

    private final DataSource dataSource;

    public MeetingLinks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Object> update(Exchange exchange, long meetingId) throws SQLException {
        Principal principal = AccessControl.principal(exchange);
        RecordFields fields = RecordFields.parse(exchange.getMessage().getBody(String.class), FIELDS);
        if (FIELDS.stream().noneMatch(fields::has)) {
            throw ApiException.badRequest("give at least one of customerId, projectId, employeeId (null clears a link)");
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        ActingTransaction.run(dataSource, Actor.of(exchange), c -> {
            try (Statement s = c.createStatement()) {
                // the trigger that guards a person's links lets this transaction change them
                s.execute("SET LOCAL calendly.link_editor = 'person'");
            }
            Map<String, Long> current = current(c, meetingId);
            for (String field : List.of("customerId", "employeeId", "projectId")) {
                if (!fields.has(field)) {
                    continue;
                }
                Long id = fields.id(field);
                String[] link = LINKS.get(field);
                if (id != null) {
                    requireActive(c, field, id, link);
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE meetings SET " + link[0] + "_id = ?, " + link[0]
                        + "_link = 'person'" + (link[0].equals("customer") ? ", customer_unmatched_reason = "
                        + "CASE WHEN ? IS NULL THEN 'cleared_by_person' END" : "") + ", updated_at = now() WHERE id = ?")) {
                    int i = 1;
                    ps.setObject(i++, id, Types.BIGINT);
                    if (link[0].equals("customer")) {
                        ps.setObject(i++, id, Types.BIGINT);
                    }
                    ps.setLong(i, meetingId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO meeting_link_changes "
                        + "(meeting_id, link, old_id, new_id, token_id, role) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, meetingId);
                    ps.setString(2, link[0]);
                    ps.setObject(3, current.get(field), Types.BIGINT);
                    ps.setObject(4, id, Types.BIGINT);
                    ps.setLong(5, principal.tokenId());
                    ps.setString(6, principal.role().id());
                    ps.executeUpdate();
                }
                changed.put(field, id);
            }
            return null;
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("meetingId", meetingId);
        answer.put("changed", changed);
        answer.put("links", links(meetingId));
        return answer;
    }

    /** How each link of a meeting is made: {customer: {id, name, by}, employee: ..., project: ...}. */
    public Map<String, Object> links(long meetingId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT m.customer_id, cu.name AS customer_name, m.customer_link, m.customer_unmatched_reason,
                       m.employee_id, e.name AS employee_name, m.employee_link,
                       m.project_id, p.name AS project_name, m.project_link
                  FROM meetings m
                  LEFT JOIN customers cu ON cu.id = m.customer_id
                  LEFT JOIN employees e ON e.id = m.employee_id
                  LEFT JOIN projects p ON p.id = m.project_id
                 WHERE m.id = ?""")) {
            ps.setLong(1, meetingId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no meeting with id " + meetingId);
                }
                Map<String, Object> links = new LinkedHashMap<>();
                for (String link : List.of("customer", "employee", "project")) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    long id = rs.getLong(link + "_id");
                    one.put("id", rs.wasNull() ? null : id);
                    one.put("name", rs.getString(link + "_name"));
                    one.put("linkedBy", rs.getString(link + "_link"));
                    if (link.equals("customer")) {
                        one.put("unmatchedReason", rs.getString("customer_unmatched_reason"));
                    }
                    links.put(link, one);
                }
                return links;
            }
        }
    }

    private static Map<String, Long> current(Connection c, long meetingId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT customer_id, employee_id, project_id FROM meetings WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, meetingId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no meeting with id " + meetingId);
                }
                Map<String, Long> ids = new LinkedHashMap<>();
                ids.put("customerId", (Long) rs.getObject("customer_id"));
                ids.put("employeeId", (Long) rs.getObject("employee_id"));
                ids.put("projectId", (Long) rs.getObject("project_id"));
                return ids;
            }
        }
    }

    private static void requireActive(Connection c, String field, long id, String[] link) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + link[2] + " FROM " + link[1] + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.badRequest("field '" + field + "': there is no " + link[0] + " " + id);
                }
                if (!rs.getBoolean(1)) {
                    throw ApiException.badRequest("field '" + field + "': " + link[0] + " " + id + " is inactive");
                }
            }
        }
    }
}
