package com.calendlysync.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * One page of a log the API reads newest first (the audit trail, the webhook deliveries): the
 * entries matching the conditions added, with an id below the cursor, at most limit of them, and
 * the next page's cursor (the id of the last entry sent; null on the last page). Answers
 * {@code {"items", "limit", "nextCursor"}}.
 */
public final class LogPage {

    /** How one row becomes an entry of the answer. */
    @FunctionalInterface
    public interface Entry {
        Map<String, Object> read(ResultSet rs) throws SQLException;
    }

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    /** select: {@code SELECT <columns> FROM <log table>}; the table's key is {@code id}. */
    public LogPage(String select) {
        this.sql = new StringBuilder(select).append(" WHERE true");
    }

    /** Adds {@code AND condition}, whose one parameter is value. */
    public LogPage where(String condition, Object value) {
        sql.append(" AND ").append(condition);
        params.add(value);
        return this;
    }

    public Map<String, Object> read(DataSource dataSource, int limit, Long cursor, Entry entry) throws SQLException {
        if (cursor != null) {
            where("id < ?", cursor);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        List<Map<String, Object>> items = new ArrayList<>();
        Long lastId = null;
        boolean more = false;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    items.add(entry.read(rs));
                    lastId = rs.getLong("id");
                }
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("limit", limit);
        page.put("nextCursor", more ? String.valueOf(lastId) : null);
        return page;
    }
}
