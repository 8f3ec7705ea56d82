package com.calendlysync.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.calendlysync.db.SqlFile;

/**
 * One report query from {@code src/main/resources/sql/reports/<name>.sql}, written with named
 * parameters ({@code :from}) so the file reads as SQL; here they become JDBC placeholders, bound
 * by name on every run. Text in quotes and {@code ::} casts are left alone.
 */
final class ReportSql {

    private static final Map<String, ReportSql> LOADED = new ConcurrentHashMap<>();

    private final String name;
    private final String sql;
    private final List<String> parameters;

    private ReportSql(String name, String sql, List<String> parameters) {
        this.name = name;
        this.sql = sql;
        this.parameters = parameters;
    }

    static ReportSql named(String name) {
        return LOADED.computeIfAbsent(name, ReportSql::load);
    }

    List<Map<String, Object>> rows(Connection connection, ReportValues values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            // planned with the actual values: a filter that is not given disappears from the plan
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            for (int i = 0; i < parameters.size(); i++) {
                values.bind(ps, i + 1, parameters.get(i));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new SQLException("report query " + name + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static String text(String name) {
        return SqlFile.read("reports/" + name + ".sql");
    }

    private static ReportSql load(String name) {
        try {
            String text = text(name);
            // {{name}} stands for the text of sql/reports/name.sql, shared by several queries
            java.util.regex.Matcher include = java.util.regex.Pattern.compile("\\{\\{([a-z-]+)}}").matcher(text);
            StringBuilder expanded = new StringBuilder();
            while (include.find()) {
                include.appendReplacement(expanded, java.util.regex.Matcher.quoteReplacement(text(include.group(1))));
            }
            include.appendTail(expanded);
            text = expanded.toString();
            StringBuilder sql = new StringBuilder();
            List<String> parameters = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char ch = text.charAt(i);
                if (ch == '\'') {
                    int end = text.indexOf('\'', i + 1);
                    sql.append(text, i, end + 1);
                    i = end + 1;
                } else if (ch == '-' && text.startsWith("--", i)) {
                    int end = text.indexOf('\n', i);
                    i = end < 0 ? text.length() : end;
                } else if (ch == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                    sql.append("::");
                    i += 2;
                } else if (ch == ':' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                        end++;
                    }
                    parameters.add(text.substring(i + 1, end));
                    sql.append('?');
                    i = end;
                } else {
                    sql.append(ch);
                    i++;
                }
            }
            return new ReportSql(name, sql.toString(), List.copyOf(parameters));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read sql/reports/" + name + ".sql: " + e.getMessage(), e);
        }
    }
}
