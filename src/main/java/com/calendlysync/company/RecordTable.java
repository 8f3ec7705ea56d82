package com.calendlysync.company;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import com.calendlysync.web.QueryString;
import org.apache.camel.Exchange;

/**
 * One table of company records (customers, employees, projects) as the API keeps it, the part
 * the three have in common: a page of the list (search, status, cursor), one record by id (404),
 * a create (201) or a change of the fields given, written in one transaction that names the
 * caller's token to the audit trail, a unique index's refusal answered 409, and the answer: the
 * record with the meetings re-linked at once. Each directory says only what differs, in its
 * {@link Rules}: how a body becomes its values, what must hold before writing, which columns
 * are written and how a clash is worded.
 *
 * @param <V> the values of one record as its directory reads them from a body
 */
final class RecordTable<V> {

    /** What one kind of record says for itself. */
    interface Rules<V> {
        /** The values of a create (current null: every field as given) or a change (fields not given keep current). */
        V read(RecordFields fields, Map<String, Object> current);

        /** What must hold before writing (another active record with the same email: 409...); self is null on a create. */
        void check(Connection c, V values, Long self) throws SQLException;

        /** The columns written, in order. */
        Columns columns(V values);

        /** The 409 message for a unique index's refusal (two requests racing past check). */
        String conflict(SQLException uniqueViolation, V values);
    }

    /** Re-matches the meetings these records may concern; answers how many changed. */
    interface Relink {
        int after(List<Long> ids, Actor actor) throws SQLException;
    }

    /** The columns a write sets, in order, each with its SQL type (so a null is typed). */
    static final class Columns {
        private final List<String> names = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();
        private final List<Integer> types = new ArrayList<>();

        Columns text(String column, String value) {
            return add(column, value, Types.VARCHAR);
        }

        Columns flag(String column, boolean value) {
            return add(column, value, Types.BOOLEAN);
        }

        Columns id(String column, Long value) {
            return add(column, value, Types.BIGINT);
        }

        private Columns add(String column, Object value, int type) {
            names.add(column);
            values.add(value);
            types.add(type);
            return this;
        }

        private int bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i), types.get(i));
            }
            return values.size();
        }
    }

    private final DataSource dataSource;
    private final String table;
    private final String alias;
    private final String noun;
    private final String columns;
    private final String from;
    private final Set<String> fields;
    private final RecordList.Row row;
    private final Relink relink;
    private final Rules<V> rules;

    /**
     * @param table   the table written (customers)
     * @param alias   its alias in {@code from} (cu)
     * @param noun    one record, as messages name it (customer)
     * @param columns the select list of one record, read by {@code row}
     * @param from    what the record is read from (the table with its alias, joins)
     * @param fields  the fields a body may have
     */
    RecordTable(DataSource dataSource, String table, String alias, String noun, String columns, String from,
                Set<String> fields, RecordList.Row row, Relink relink, Rules<V> rules) {
        this.dataSource = dataSource;
        this.table = table;
        this.alias = alias;
        this.noun = noun;
        this.columns = columns;
        this.from = from;
        this.fields = fields;
        this.row = row;
        this.relink = relink;
        this.rules = rules;
    }

    /** The list's conditions (q over searchExpression, status); the directory adds who may see what. */
    RecordList list(QueryString query, String searchExpression, String statusActive) {
        return new RecordList(columns, from, alias + ".name", alias + ".id").filters(query, searchExpression, statusActive);
    }

    Map<String, Object> page(RecordList list, QueryString query) throws SQLException {
        return list.page(dataSource, query, row);
    }

    /** The record, or 404. */
    Map<String, Object> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + from + " WHERE " + alias + ".id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no " + noun + " with id " + id);
                }
                return row.read(rs);
            }
        }
    }

    /** Another record of this table (not self) that meets condition for value, the lowest id first; null when none. */
    Long holder(Connection c, String condition, String value, Long self) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE " + condition
                + " AND id <> ? ORDER BY id LIMIT 1")) {
            ps.setString(1, value);
            ps.setLong(2, self == null ? 0 : self);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** POST: 201 with the record and how many meetings it now links. */
    Map<String, Object> create(Exchange exchange) throws SQLException {
        RecordFields given = RecordFields.parse(exchange.getMessage().getBody(String.class), fields);
        V values = rules.read(given, null);
        Columns written = rules.columns(values);
        Actor actor = Actor.of(exchange);
        long id = ActingTransaction.run(dataSource, actor, c -> {
            rules.check(c, values, null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", written.names)
                    + ") VALUES (" + String.join(", ", Collections.nCopies(written.names.size(), "?")) + ") RETURNING id")) {
                written.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw conflictOr(e, values);
            }
        });
        Map<String, Object> answer = withRelinked(id, actor);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return answer;
    }

    /** PATCH: the fields given change (null clears one where allowed), the others stay. */
    Map<String, Object> update(Exchange exchange, long id) throws SQLException {
        RecordFields given = RecordFields.parse(exchange.getMessage().getBody(String.class), fields);
        Actor actor = Actor.of(exchange);
        ActingTransaction.run(dataSource, actor, c -> {
            V values = rules.read(given, find(c, id));
            rules.check(c, values, id);
            Columns written = rules.columns(values);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + String.join(" = ?, ", written.names)
                    + " = ?, updated_at = now() WHERE id = ?")) {
                ps.setLong(written.bind(ps) + 1, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw conflictOr(e, values);
            }
            return null;
        });
        return withRelinked(id, actor);
    }

    private Map<String, Object> withRelinked(long id, Actor actor) throws SQLException {
        int relinked = relink.after(List.of(id), actor);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> answer = find(c, id);
            answer.put("relinkedMeetings", relinked);
            return answer;
        }
    }

    private RuntimeException conflictOr(SQLException e, V values) {
        if ("23505".equals(e.getSQLState())) {
            return new ApiException(409, "conflict", rules.conflict(e, values));
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    /** On a create every field is read as given; on a change a field not given keeps its current value. */
    @SuppressWarnings("unchecked")
    static <T> T given(RecordFields fields, Map<String, Object> current, String field, java.util.function.Supplier<T> read) {
        return current == null || fields.has(field) ? read.get() : (T) current.get(field);
    }
}
