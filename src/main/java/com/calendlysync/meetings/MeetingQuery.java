package com.calendlysync.meetings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.calendlysync.access.Principal;

/**
 * The SQL behind every meeting list and export, assembled from a {@link MeetingFilter}: only
 * the conditions asked for, each written the way an index of V21 can answer it, values always
 * bound as parameters.
 */
public final class MeetingQuery {

    /** The columns every list item and export row is made from; %1$s is the sort key expression. */
    private static final String COLUMNS = """
            SELECT m.id, m.title, m.status, m.start_time, m.end_time, m.duration_minutes, m.location, m.source,
                   m.customer_id, m.employee_id, m.created_at, m.updated_at,
                   cu.name AS customer_name, cu.email AS customer_email,
                   c.id AS calendly_id, c.invitee_name, c.invitee_email, c.event_name, c.event_type_uri,
                   coalesce(c.no_show, false) AS no_show, c.reschedule_url, c.cancel_url, CAST(c.hosts AS text) AS hosts,
                   m.project_id, pr.name AS project_name, m.customer_link, m.customer_unmatched_reason, m.employee_link,
                   m.project_link, c.invitee_timezone, c.location_type, CAST(c.location AS text) AS location_detail,
                   c.sealed_by, c.invitee_uri, CAST(%1$s AS text) AS sort_key
            """;
    private static final String JOINS = """
              %s JOIN calendly_meetings c ON c.meeting_id = m.id
              LEFT JOIN customers cu ON cu.id = m.customer_id
              LEFT JOIN projects pr ON pr.id = m.project_id
            """;

    private final String sql;
    private final List<Object> parameters;

    private MeetingQuery(String sql, List<Object> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /**
     * The query for this filter; {@code lookups} makes the keyed lookups of the text filter when
     * encryption at rest is on (sealed rows are found by them only), and is null when it is off.
     */
    public static MeetingQuery build(MeetingFilter filter, Principal principal, Cursor after, Integer limit, TextLookups lookups) {
        MeetingSort sort = filter.sort();
        boolean hostScoped = principal.isScopedToEmployee() || filter.employeeId() != null;
        // the sort key and tie-breaker; a walk of calendly_lookups (below) has them in its own columns
        String sortKey = sort.key();
        String idKey = "m.id";
        String from = "  FROM meetings m\n";
        // a filter on Calendly columns only matches Calendly meetings: an inner join says so, which lets
        // PostgreSQL start from the Calendly indexes (the text search's trigram index above all)
        boolean calendlyOnly = filter.text() != null || filter.eventType() != null
                || (filter.noShow() && filter.statuses().isEmpty());
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        // the list's filters on Calendly columns can walk one key's entries of calendly_lookups (V72) in the
        // list's own order and stop at the page: walking every meeting in time order to test each stalls
        // when the newest are of another kind. Only for the start order over every host's meetings.
        boolean ordered = sort.byStart() && !hostScoped;
        String walk = null;
        List<Object> walkParams = new ArrayList<>();

        if (principal.isScopedToEmployee()) {
            where.add("EXISTS (SELECT 1 FROM meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = ?)");
            params.add(principal.employeeId());
        }
        if (filter.employeeId() != null) {
            where.add("EXISTS (SELECT 1 FROM meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = ?)");
            params.add(filter.employeeId());
        }
        if (!filter.statuses().isEmpty() || filter.noShow()) {
            List<String> any = new ArrayList<>();
            if (!filter.statuses().isEmpty()) {
                any.add("m.status IN (" + String.join(", ", filter.statuses().stream().map(s -> "?").toList()) + ")");
                params.addAll(filter.statuses());
            }
            if (filter.noShow()) {
                any.add("c.no_show");
            }
            where.add("(" + String.join(" OR ", any) + ")");
        }
        if (filter.from() != null) {
            where.add("coalesce(m.start_time, '-infinity'::timestamptz) >= ?");
            params.add(filter.from());
        }
        if (filter.to() != null) {
            where.add("coalesce(m.start_time, '-infinity'::timestamptz) < ? AND m.start_time IS NOT NULL");
            params.add(filter.to());
        }
        if (filter.customerId() != null) {
            where.add("m.customer_id = ?");
            params.add(filter.customerId());
        }
        if (filter.eventType() != null) {
            if (filter.eventType().startsWith("http")) {
                where.add("c.event_type_uri = ?");
            } else {
                where.add("lower(c.event_name) = lower(?)");
            }
            params.add(filter.eventType());
        }
        if (filter.text() != null) {
            String like = "%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            byte[][] keys = lookups == null ? null : lookups.of(filter.text());
            if (keys != null && !lookups.clearRowsRemain()) {
                // every row is sealed: the keyed lookups alone (the trigram index over ciphertext would read them all),
                // from calendly_lookups (V72): the first lookup's entries, each other one checked by its primary key
                StringBuilder others = new StringBuilder();
                for (int i = 1; i < keys.length; i++) {
                    others.append(" AND EXISTS (SELECT 1 FROM calendly_lookups k").append(i).append(" WHERE k").append(i)
                            .append(".meeting_id = k.meeting_id AND k").append(i).append(".lookup = ?)");
                }
                if (ordered) {
                    // walked in the list's order (start, id) and stopped at the page, however common the name
                    walk = "k.lookup = ?" + others;
                    walkParams.addAll(java.util.Arrays.asList((Object[]) keys));
                } else if (hostScoped) {
                    // a host's meetings (a bounded number): each checked by the primary key of its lookups
                    where.add("EXISTS (SELECT 1 FROM calendly_lookups k WHERE k.meeting_id = m.id AND k.lookup = ?"
                            + others + ")");
                    params.addAll(java.util.Arrays.asList((Object[]) keys));
                } else {
                    // another order: the matching ids (index only), then the other filters
                    where.add("m.id IN (SELECT k.meeting_id FROM calendly_lookups k WHERE k.lookup = ?" + others + " OFFSET 0)");
                    params.addAll(java.util.Arrays.asList((Object[]) keys));
                }
            } else if (keys != null) {
                // sealed rows (encryption at rest) are found by the keyed lookup of the exact email or of
                // every word of the name, made here so the GIN index answers (R__calendly_encryption.sql
                // computes the same); rows still in clear as before
                where.add("((c.sealed_by IS NULL AND (coalesce(c.invitee_name, '') || ' ' || coalesce(c.invitee_email, '')) ILIKE ?)"
                        + " OR c.lookup_keys @> ?)");
                params.add(like);
                params.add(keys);
            } else {
                where.add("(coalesce(c.invitee_name, '') || ' ' || coalesce(c.invitee_email, '')) ILIKE ?");
                params.add(like);
            }
        }
        if (ordered && walk == null && filter.eventType() != null) {
            // the keys calendly_filter_key gives each row (R__calendly_lookups.sql), written out: through the
            // function PostgreSQL estimates twice the entries and, for a common type in a range, picks a plan
            // that reads every meeting of the range (372 ms against 10 ms on a million)
            walk = filter.eventType().startsWith("http") ? "k.lookup = convert_to('type-uri:' || ?, 'UTF8')"
                    : "k.lookup = convert_to('type:' || lower(?), 'UTF8')";
            walkParams.add(filter.eventType());
        } else if (ordered && walk == null && filter.noShow() && filter.statuses().isEmpty()) {
            walk = "k.lookup = convert_to('no-show', 'UTF8')";
        }
        if (walk != null) {
            from = "  FROM calendly_lookups k\n  JOIN meetings m ON m.id = k.meeting_id\n";
            sortKey = "k.start_key";
            idKey = "k.meeting_id";
            where.add(walk);
            params.addAll(walkParams);
            // the range in the walked key too, so the walk starts where the range does
            if (filter.from() != null) {
                where.add("k.start_key >= ?");
                params.add(filter.from());
            }
            if (filter.to() != null) {
                where.add("k.start_key < ?");
                params.add(filter.to());
            }
        }
        if (filter.source() != null) {
            where.add("m.source = ?");
            params.add(filter.source());
        }
        if (filter.matched() != null) {
            where.add(filter.matched() ? "m.customer_id IS NOT NULL" : "m.customer_id IS NULL");
        }
        if (filter.projectId() != null) {
            where.add("m.project_id = ?");
            params.add(filter.projectId());
        }
        String direction = sort.descending() ? "DESC" : "ASC";
        if (after != null) {
            where.add("(" + sortKey + ", " + idKey + ") " + (sort.descending() ? "<" : ">") + " (CAST(? AS timestamptz), ?)");
            params.add(after.key());
            params.add(after.id());
        }
        String whereClause = where.isEmpty() ? "" : "\n WHERE " + String.join("\n   AND ", where);
        String columns = String.format(COLUMNS, sortKey);
        if (hostScoped && limit != null) {
            // One person hosts a bounded number of meetings: start from those (meeting_hosts index), sort
            // their (start, id) from the covering index of V22, and read full rows for the one page only.
            // Walking every meeting in time order hoping to meet theirs is slow when another filter makes
            // their matches rare. OFFSET 0 keeps PostgreSQL from merging the steps back together.
            String calendlyJoin = calendlyOnly ? "\n  JOIN calendly_meetings c ON c.meeting_id = m.id"
                    : needsCalendly(filter) ? "\n  LEFT JOIN calendly_meetings c ON c.meeting_id = m.id" : "";
            String keys = "SELECT m.id, " + sort.key() + " AS sort_ts FROM meetings m" + calendlyJoin + whereClause
                    + "\n OFFSET 0";
            String page = "SELECT id, sort_ts FROM (" + keys + ") AS hosted ORDER BY sort_ts " + direction + ", id "
                    + direction + " LIMIT ?";
            params.add(limit);
            return new MeetingQuery(columns + "  FROM (" + page + ") AS top\n  JOIN meetings m ON m.id = top.id\n"
                    + String.format(JOINS, "LEFT") + " ORDER BY top.sort_ts " + direction + ", top.id " + direction, params);
        }
        StringBuilder sql = new StringBuilder(columns).append(from)
                .append(String.format(JOINS, calendlyOnly ? "" : "LEFT")).append(whereClause)
                .append("\n ORDER BY ").append(sortKey).append(' ').append(direction).append(", ").append(idKey).append(' ')
                .append(direction);
        if (limit != null) {
            sql.append("\n LIMIT ?");
            params.add(limit);
        }
        return new MeetingQuery(sql.toString(), params);
    }

    /** Whether a condition reads calendly_meetings (the no-show mark together with statuses). */
    private static boolean needsCalendly(MeetingFilter filter) {
        return filter.noShow() || filter.text() != null || filter.eventType() != null;
    }

    /** One meeting, in the same shape as the list items. */
    public static MeetingQuery byId(long meetingId) {
        List<Object> params = new ArrayList<>();
        params.add(meetingId);
        return new MeetingQuery(String.format(COLUMNS, MeetingSort.START_DESC.key()) + "  FROM meetings m\n"
                + String.format(JOINS, "LEFT") + " WHERE m.id = ?", params);
    }

    /** How many rows this query (built without a limit) gives. */
    private static void bind(Connection connection, PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof byte[][] keys) {
            ps.setArray(index, connection.createArrayOf("bytea", keys));
        } else {
            ps.setObject(index, value);
        }
    }

    /** The keyed lookups a text filter asks for (encryption at rest); null when there are none. */
    public interface TextLookups {
        byte[][] of(String text);

        /** Whether any Calendly row is still in clear (found by its text, not by lookups). */
        boolean clearRowsRemain();
    }

    public PreparedStatement prepareCount(Connection connection) throws SQLException {
        PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM (" + sql + ") AS matching");
        for (int i = 0; i < parameters.size(); i++) {
            bind(connection, ps, i + 1, parameters.get(i));
        }
        return ps;
    }

    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        // planned with the actual values every time: how selective a search text or a host is decides the
        // plan, and a cached generic plan (the driver's default after five runs) guesses wrong
        ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        for (int i = 0; i < parameters.size(); i++) {
            bind(connection, ps, i + 1, parameters.get(i));
        }
        return ps;
    }

    @Override
    public String toString() {
        return sql + " " + parameters;
    }
}
