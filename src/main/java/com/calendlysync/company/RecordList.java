package com.calendlysync.company;

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

import com.calendlysync.web.ApiException;
import com.calendlysync.web.QueryString;

/**
 * One page of customers, employees or projects: the conditions asked for (text search, status,
 * a customer), sorted by name then id, with keyset paging (nextCursor) like the meeting list.
 * The table's own class says how a row becomes JSON and which rows a caller may see.
 */
final class RecordList {

    static final Set<String> PARAMETERS = Set.of("q", "status", "limit", "cursor");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    interface Row {
        Map<String, Object> read(ResultSet rs) throws SQLException;
    }

    private final String columns;
    private final String from;
    private final String nameColumn;
    private final String idColumn;
    private final List<String> where = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** columns and from as in SELECT columns FROM from; nameColumn and idColumn with their table alias. */
    RecordList(String columns, String from, String nameColumn, String idColumn) {
        this.columns = columns;
        this.from = from;
        this.nameColumn = nameColumn;
        this.idColumn = idColumn;
    }

    RecordList where(String condition, Object... values) {
        where.add(condition);
        params.addAll(List.of(values));
        return this;
    }

    /** q: a text search over searchExpression (ILIKE, trigram-indexed); status: active, inactive or all. */
    RecordList filters(QueryString query, String searchExpression, String statusActive) {
        String text = query.get("q");
        if (text != null) {
            if (text.length() > 200) {
                throw ApiException.badRequest("parameter 'q' is longer than 200 characters");
            }
            if (text.indexOf('\0') >= 0) {
                throw ApiException.badRequest("parameter 'q' must not contain NUL characters");
            }
            where(searchExpression + " ILIKE ?", "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        String status = query.oneOf("status", "active", Set.of("active", "inactive", "all"));
        if (status.equals("active")) {
            where(statusActive);
        } else if (status.equals("inactive")) {
            where("NOT (" + statusActive + ")");
        }
        return this;
    }

    Map<String, Object> page(DataSource dataSource, QueryString query, Row row) throws SQLException {
        int limit = query.limit("limit", DEFAULT_LIMIT, MAX_LIMIT);
        ListCursor after = ListCursor.decode(query.get("cursor"));
        String key = "lower(coalesce(" + nameColumn + ", ''))";
        List<String> conditions = new ArrayList<>(where);
        List<Object> values = new ArrayList<>(params);
        if (after != null) {
            conditions.add("(" + key + ", " + idColumn + ") > (?, ?)");
            values.add(after.name());
            values.add(after.id());
        }
        String sql = "SELECT " + columns + ", " + key + " AS list_key FROM " + from + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + key + ", " + idColumn + " LIMIT ?";
        values.add(limit + 1);
        List<Map<String, Object>> items = new ArrayList<>();
        String nextCursor = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                String lastName = null;
                long lastId = 0;
                while (rs.next()) {
                    if (items.size() == limit) {
                        nextCursor = new ListCursor(lastName, lastId).encode();
                        break;
                    }
                    items.add(row.read(rs));
                    lastName = rs.getString("list_key");
                    lastId = rs.getLong("id");
                }
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("limit", limit);
        page.put("nextCursor", nextCursor);
        return page;
    }
}
