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
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.access.Principal;
import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import com.calendlysync.web.QueryString;
import org.apache.camel.Exchange;

/**
 * A directory of company records (customers, employees, projects) as the API keeps it, the part
 * the three have in common: a page of the list (search, status, cursor; an employee token sees
 * its scope only), one record by id (404, 403 outside the scope), a create (201) or a change of
 * the fields given, written in one transaction that names the caller's token to the audit
 * trail, a unique index's refusal answered 409, and the answer: the record with the meetings
 * re-linked at once. Each directory says only what differs: how a body becomes its values
 * ({@link #read}), what must hold before writing ({@link #check}), which columns are written
 * ({@link #columns}), how a clash is worded ({@link #conflict}), and its profile (GET by id).
 *
 * @param <V> the values of one record as its directory reads them from a body
 */
public abstract class RecordDirectory<V> {

    /** The values of a create or a change, from the body's fields (see {@link Given}). */
    protected abstract V read(Given given);

    /** What must hold before writing (another active record with the same email: 409...); self is null on a create. */
    protected abstract void check(Connection c, V values, Long self) throws SQLException;

    /** The columns written, in order. */
    protected abstract Columns columns(V values);

    /** The 409 message for a unique index's refusal (two requests racing past check). */
    protected abstract String conflict(SQLException uniqueViolation, V values);

    /**
     * A body's fields against the record as it is: on a create (current null) every field is
     * read as given (absent: null, or the field's own 400); on a change a field not given keeps
     * its current value.
     */
    record Given(RecordFields fields, Map<String, Object> current) {

        @SuppressWarnings("unchecked")
        <T> T value(String field, Supplier<T> read) {
            return current == null || fields.has(field) ? read.get() : (T) current.get(field);
        }

        /** active or inactive: as given, else as it is, and a new record is active. */
        String status() {
            String status = value("status", () -> fields.status("status"));
            return status == null ? "active" : status;
        }

        boolean isCreate() {
            return current == null;
        }
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

    protected final DataSource dataSource;
    private final String table;
    private final String alias;
    private final String noun;
    private final String columns;
    private final String from;
    private final String search;
    private final String statusActive;
    private final String scope;
    private final Set<String> fields;
    private final RecordList.Row row;
    private final Relink relink;

    /**
     * @param table   the table written (customers)
     * @param alias   its alias in {@code from} (cu)
     * @param noun    one record, as messages name it (customer)
     * @param columns the select list of one record, read by {@code row}
     * @param from    what the record is read from (the table with its alias, joins)
     * @param search  the text the list's q searches (ILIKE, trigram-indexed)
     * @param statusActive the condition an active record meets
     * @param scope   the condition the records an employee token sees meet, its one parameter the employee id
     * @param fields  the fields a body may have
     */
    protected RecordDirectory(DataSource dataSource, String table, String alias, String noun, String columns, String from,
                              String search, String statusActive, String scope, Set<String> fields, RecordList.Row row,
                              Relink relink) {
        this.dataSource = dataSource;
        this.table = table;
        this.alias = alias;
        this.noun = noun;
        this.columns = columns;
        this.from = from;
        this.search = search;
        this.statusActive = statusActive;
        this.scope = scope;
        this.fields = fields;
        this.row = row;
        this.relink = relink;
    }

    /** Conditions of a list beyond q and status (projects of one customer). */
    interface Narrowing {
        void narrow(RecordList list, QueryString query);
    }

    /** GET of the list: q, status, limit, cursor; an employee token sees only the records in its scope. */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        return list(exchange, RecordList.PARAMETERS, (list, query) -> { });
    }

    /** As {@link #list(Exchange)}, with more parameters, which narrowing reads. */
    protected final Map<String, Object> list(Exchange exchange, Set<String> parameters, Narrowing narrowing) throws SQLException {
        QueryString query = QueryString.of(exchange, parameters);
        RecordList list = new RecordList(columns, from, alias + ".name", alias + ".id").filters(query, search, statusActive);
        narrowing.narrow(list, query);
        Principal principal = AccessControl.principal(exchange);
        if (principal.isScopedToEmployee()) {
            list.where(scope, principal.employeeId());
        }
        return list.page(dataSource, query, row);
    }

    /** One record as this caller may see it: 404 when there is none, 403 outside an employee token's scope. */
    protected final Map<String, Object> visible(Connection c, long id, Principal principal) throws SQLException {
        Map<String, Object> record = find(c, id);
        if (principal.isScopedToEmployee()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + from + " WHERE " + alias + ".id = ? AND " + scope)) {
                ps.setLong(1, id);
                ps.setLong(2, principal.employeeId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new ApiException(403, "forbidden", noun + " " + id + " has no meeting your employee hosts");
                    }
                }
            }
        }
        return record;
    }

    /** The record, or 404. */
    protected final Map<String, Object> find(Connection c, long id) throws SQLException {
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

    /**
     * 409 when another record of this table (not self) meets condition for value (a non-null
     * value): {@code clash} followed by the other record's id, the lowest first.
     */
    protected final void requireNoOther(Connection c, String condition, String value, Long self, String clash) throws SQLException {
        if (value == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE " + condition
                + " AND id <> ? ORDER BY id LIMIT 1")) {
            ps.setString(1, value);
            ps.setLong(2, self == null ? 0 : self);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new ApiException(409, "conflict", clash + rs.getLong(1));
                }
            }
        }
    }

    /** POST: 201 with the record and how many meetings it now links. */
    public final Map<String, Object> create(Exchange exchange) throws SQLException {
        RecordFields given = RecordFields.parse(exchange.getMessage().getBody(String.class), fields);
        V values = read(new Given(given, null));
        Columns written = columns(values);
        Actor actor = Actor.of(exchange);
        long id = ActingTransaction.run(dataSource, actor, c -> {
            check(c, values, null);
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
    public final Map<String, Object> update(Exchange exchange, long id) throws SQLException {
        RecordFields given = RecordFields.parse(exchange.getMessage().getBody(String.class), fields);
        Actor actor = Actor.of(exchange);
        ActingTransaction.run(dataSource, actor, c -> {
            V values = read(new Given(given, find(c, id)));
            check(c, values, id);
            Columns written = columns(values);
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
            return new ApiException(409, "conflict", conflict(e, values));
        }
        return new IllegalStateException(e.getMessage(), e);
    }
}
