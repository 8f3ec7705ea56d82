package com.calendlysync.company;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.QueryString;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;

/**
 * Bean {@code csvImport}: POST /api/v1/customers/import and /api/v1/employees/import. A CSV file
 * (text/csv, UTF-8, a header row; columns named like the API's fields, camelCase or snake_case,
 * in any order and case) is upserted by email: a row whose email belongs to an active record
 * updates it (an empty cell leaves that value as it is), any other row creates a record.
 *
 * Every row is checked like the API checks a body, and against the file itself (an email or
 * number twice) and the table (a customer number or Calendly user of another record). With
 * {@code mode=per-row} (the default) the good rows are written and the bad ones reported; with
 * {@code mode=all-or-nothing} one bad row writes nothing. The rows go to PostgreSQL in one COPY
 * and a few set-based statements, in one transaction that names the caller's token to the
 * audit trail; then the meetings they concern are re-matched. The answer reports created, updated, unchanged and rejected rows (line number,
 * email, reason).
 */
public final class CsvImport {

    static final String PER_ROW = "per-row";
    static final String ALL_OR_NOTHING = "all-or-nothing";
    /** More rejected rows than this are counted, not each listed. */
    private static final int LISTED_REJECTIONS = 1000;

    /** A kind of record: its columns (API field names) and how a checked row is written down. */
    private enum Kind {
        CUSTOMERS(List.of("name", "email", "companyDomain", "customerNumber", "status"), "customerNumber"),
        EMPLOYEES(List.of("name", "email", "calendlyUserUri", "timezone", "status"), "calendlyUserUri");

        final List<String> fields;
        /** The other field that must be unique (besides email). */
        final String uniqueField;

        Kind(List<String> fields, String uniqueField) {
            this.fields = fields;
            this.uniqueField = uniqueField;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Rejection(long line, String email, String reason) {
    }

    /** What one import wrote: whether it applied its rows, and the records it created and updated. */
    private record Written(boolean applied, List<Long> created, List<Long> updated) {
        static final Written NOTHING = new Written(false, List.of(), List.of());
    }

    private final DataSource dataSource;
    private final Rematching rematching;

    public CsvImport(DataSource dataSource, Rematching rematching) {
        this.dataSource = dataSource;
        this.rematching = rematching;
    }

    public Map<String, Object> customers(Exchange exchange) throws SQLException {
        return run(exchange, Kind.CUSTOMERS);
    }

    public Map<String, Object> employees(Exchange exchange) throws SQLException {
        return run(exchange, Kind.EMPLOYEES);
    }

    private Map<String, Object> run(Exchange exchange, Kind kind) throws SQLException {
        long started = System.nanoTime();
        String mode = QueryString.of(exchange, Set.of("mode")).oneOf("mode", PER_ROW, Set.of(PER_ROW, ALL_OR_NOTHING));
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/csv") && !type.startsWith("application/csv")) {
            throw new ApiException(415, "unsupported_media_type", "send the file as Content-Type: text/csv (UTF-8, a header row), not '"
                    + type + "'");
        }
        List<Rejection> rejected = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        read(exchange.getMessage().getBody(InputStream.class), kind, rows, rejected);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", mode);
        report.put("rows", rows.size() + rejected.size());
        Actor actor = Actor.of(exchange);
        Written written = ActingTransaction.run(dataSource, actor, c -> {
            stage(c, kind, rows);
            rejected.addAll(tableConflicts(c, kind));
            if (!rejected.isEmpty() && mode.equals(ALL_OR_NOTHING)) {
                return Written.NOTHING; // the staged rows go with the transaction
            }
            List<Long> updatedIds = ids(c, kind == Kind.CUSTOMERS ? UPDATE_CUSTOMERS : UPDATE_EMPLOYEES);
            return new Written(true, ids(c, kind == Kind.CUSTOMERS ? INSERT_CUSTOMERS : INSERT_EMPLOYEES), updatedIds);
        });
        boolean applied = written.applied();
        int created = written.created().size();
        int updated = written.updated().size();
        List<Long> touched = new ArrayList<>(written.updated());
        touched.addAll(written.created());
        rejected.sort((a, b) -> Long.compare(a.line(), b.line()));
        int relinked = kind == Kind.CUSTOMERS ? rematching.afterCustomers(touched, actor) : rematching.afterEmployees(touched, actor);
        int good = rows.size() - (int) rejected.stream().filter(r -> r.reason().startsWith("table:")).count();
        report.put("applied", applied);
        report.put("created", created);
        report.put("updated", updated);
        report.put("unchanged", applied ? Math.max(0, good - created - updated) : 0);
        report.put("rejected", rejected.size());
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Rejection r : rejected.subList(0, Math.min(LISTED_REJECTIONS, rejected.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("line", r.line());
            row.put("email", r.email());
            row.put("reason", r.reason().startsWith("table:") ? r.reason().substring(6) : r.reason());
            listed.add(row);
        }
        report.put("rejectedRows", listed);
        report.put("relinkedMeetings", relinked);
        report.put("milliseconds", (System.nanoTime() - started) / 1_000_000);
        if (!applied) {
            report.put("error", "rows_rejected");
            report.put("message", rejected.size() + " row(s) rejected; mode all-or-nothing wrote nothing (first: line "
                    + rejected.get(0).line() + ", " + listed.get(0).get("reason") + ")");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 422);
        }
        return report;
    }

    /** Parses and checks every row: good ones (with their line) into rows, bad ones into rejected. */
    private static void read(InputStream body, Kind kind, List<Map<String, String>> rows, List<Rejection> rejected) {
        if (body == null) {
            throw ApiException.badRequest("the body is empty: send a CSV file with a header row");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setAllowMissingColumnNames(false).get();
        try (Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8); CSVParser parser = format.parse(reader)) {
            Map<String, String> columns = columns(parser.getHeaderNames(), kind);
            Map<String, Long> emails = new HashMap<>();
            Map<String, Long> uniques = new HashMap<>();
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber() - newlines(record);
                Map<String, String> cells = new LinkedHashMap<>();
                for (Map.Entry<String, String> column : columns.entrySet()) {
                    String value = record.isSet(column.getKey()) ? record.get(column.getKey()) : "";
                    cells.put(column.getValue(), value.isEmpty() ? null : value);
                }
                String rawEmail = cells.get("email");
                try {
                    if (!record.isConsistent()) {
                        throw ApiException.badRequest("the row has " + record.size() + " cells, the header "
                                + parser.getHeaderNames().size());
                    }
                    Map<String, String> row = check(RecordFields.of(cells), kind);
                    Long earlier = emails.putIfAbsent(row.get("email"), line);
                    if (earlier != null) {
                        throw ApiException.badRequest("email " + row.get("email") + " is also on line " + earlier);
                    }
                    String unique = row.get(kind.uniqueField);
                    if (unique != null) {
                        Long same = uniques.putIfAbsent(unique.toLowerCase(Locale.ROOT), line);
                        if (same != null) {
                            emails.remove(row.get("email"));
                            throw ApiException.badRequest(kind.uniqueField + " " + unique + " is also on line " + same);
                        }
                    }
                    row.put("line", String.valueOf(line));
                    rows.add(row);
                } catch (ApiException e) {
                    rejected.add(new Rejection(line, rawEmail, e.getMessage()));
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest("the file is not CSV this import can read: " + e.getMessage());
        }
    }

    /** Header name -> API field; an unknown or repeated column, or no email column, is a 400. */
    private static Map<String, String> columns(List<String> header, Kind kind) {
        Map<String, String> byKey = new HashMap<>();
        for (String field : kind.fields) {
            byKey.put(key(field), field);
        }
        if (kind == Kind.CUSTOMERS) {
            byKey.put("domain", "companyDomain");
            byKey.put("number", "customerNumber");
            byKey.put("externalreference", "customerNumber");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (String name : header) {
            String field = byKey.get(key(name));
            if (field == null) {
                throw ApiException.badRequest("unknown column '" + name + "'; " + kind.label() + " columns are "
                        + String.join(", ", kind.fields));
            }
            if (columns.containsValue(field)) {
                throw ApiException.badRequest("column '" + name + "' repeats " + field);
            }
            columns.put(name, field);
        }
        if (!columns.containsValue("email")) {
            throw ApiException.badRequest("the header needs an email column (rows are matched on email); columns are "
                    + String.join(", ", kind.fields));
        }
        return columns;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static Map<String, String> check(RecordFields fields, Kind kind) {
        Map<String, String> row = new HashMap<>();
        row.put("name", fields.text("name", 200));
        String email = fields.email("email");
        if (email == null) {
            throw ApiException.badRequest("field 'email' is required");
        }
        row.put("email", email);
        row.put("status", fields.status("status"));
        if (kind == Kind.CUSTOMERS) {
            row.put("companyDomain", fields.domain("companyDomain"));
            row.put("customerNumber", fields.text("customerNumber", 100));
        } else {
            row.put("calendlyUserUri", fields.calendlyUserUri("calendlyUserUri"));
            row.put("timezone", fields.text("timezone", 100));
        }
        return row;
    }

    private static int newlines(CSVRecord record) {
        int count = 0;
        for (String value : record) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) == '\n') {
                    count++;
                }
            }
        }
        return count;
    }

    /** The checked rows into a temporary table, with one COPY. */
    private static void stage(Connection c, Kind kind, List<Map<String, String>> rows) throws SQLException {
        List<String> fields = kind.fields;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE import_rows (line bigint, name text, email text, " + (kind == Kind.CUSTOMERS
                    ? "company_domain text, customer_number text" : "calendly_user_uri text, timezone text")
                    + ", status text, existing_id bigint, reason text) ON COMMIT DROP");
        }
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT)) {
            for (Map<String, String> row : rows) {
                List<String> values = new ArrayList<>();
                values.add(row.get("line"));
                for (String field : fields) {
                    values.add(row.get(field));
                }
                printer.printRecord(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String columns = kind == Kind.CUSTOMERS ? "line, name, email, company_domain, customer_number, status"
                : "line, name, email, calendly_user_uri, timezone, status";
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_rows (" + columns + ") FROM STDIN (FORMAT csv)",
                    new java.io.StringReader(text.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement s = c.createStatement()) {
            s.execute(kind == Kind.CUSTOMERS
                    ? "UPDATE import_rows r SET existing_id = c.id FROM customers c "
                      + "WHERE c.status = 'active' AND c.email IS NOT NULL AND lower(btrim(c.email)) = r.email"
                    : "UPDATE import_rows r SET existing_id = e.id FROM employees e "
                      + "WHERE e.active AND lower(btrim(e.email)) = r.email");
            s.execute("ANALYZE import_rows");
        }
    }

    /** Rows that clash with records already stored (marked 'table:' until reported). */
    private static List<Rejection> tableConflicts(Connection c, Kind kind) throws SQLException {
        String sql = kind == Kind.CUSTOMERS ? """
                UPDATE import_rows r SET reason = 'customer number ' || r.customer_number || ' belongs to active customer ' || c.id
                  FROM customers c
                 WHERE r.customer_number IS NOT NULL AND c.status = 'active'
                   AND lower(btrim(c.customer_number)) = lower(r.customer_number) AND c.id IS DISTINCT FROM r.existing_id
                RETURNING r.line, r.email, r.reason
                """ : """
                UPDATE import_rows r SET reason = 'Calendly user ' || r.calendly_user_uri || ' belongs to employee ' || e.id
                  FROM employees e
                 WHERE r.calendly_user_uri IS NOT NULL AND e.calendly_user_uri = r.calendly_user_uri
                   AND e.id IS DISTINCT FROM r.existing_id
                RETURNING r.line, r.email, r.reason
                """;
        List<Rejection> rejected = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rejected.add(new Rejection(rs.getLong(1), rs.getString(2), "table:" + rs.getString(3)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE import_rows SET reason = 'field ''name'' is required for a new "
                + kind.label().replaceAll("s$", "") + "' WHERE existing_id IS NULL AND name IS NULL AND reason IS NULL "
                + "RETURNING line, email, reason");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rejected.add(new Rejection(rs.getLong(1), rs.getString(2), "table:" + rs.getString(3)));
            }
        }
        return rejected;
    }

    private static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static final String UPDATE_CUSTOMERS = """
            UPDATE customers c
               SET name = coalesce(r.name, c.name), company_domain = coalesce(r.company_domain, c.company_domain),
                   customer_number = coalesce(r.customer_number, c.customer_number), status = coalesce(r.status, c.status),
                   updated_at = now()
              FROM import_rows r
             WHERE r.reason IS NULL AND c.id = r.existing_id
               AND (c.name, c.company_domain, c.customer_number, c.status) IS DISTINCT FROM
                   (coalesce(r.name, c.name), coalesce(r.company_domain, c.company_domain),
                    coalesce(r.customer_number, c.customer_number), coalesce(r.status, c.status))
            RETURNING c.id
            """;
    private static final String INSERT_CUSTOMERS = """
            INSERT INTO customers (name, email, company_domain, customer_number, status)
            SELECT name, email, company_domain, customer_number, coalesce(status, 'active')
              FROM import_rows WHERE reason IS NULL AND existing_id IS NULL ORDER BY line
            RETURNING id
            """;
    private static final String UPDATE_EMPLOYEES = """
            UPDATE employees e
               SET name = coalesce(r.name, e.name), calendly_user_uri = coalesce(r.calendly_user_uri, e.calendly_user_uri),
                   timezone = coalesce(r.timezone, e.timezone),
                   active = coalesce(r.status = 'active', e.active), updated_at = now()
              FROM import_rows r
             WHERE r.reason IS NULL AND e.id = r.existing_id
               AND (e.name, e.calendly_user_uri, e.timezone, e.active) IS DISTINCT FROM
                   (coalesce(r.name, e.name), coalesce(r.calendly_user_uri, e.calendly_user_uri),
                    coalesce(r.timezone, e.timezone), coalesce(r.status = 'active', e.active))
            RETURNING e.id
            """;
    private static final String INSERT_EMPLOYEES = """
            INSERT INTO employees (name, email, calendly_user_uri, timezone, active)
            SELECT name, email, calendly_user_uri, timezone, coalesce(status, 'active') = 'active'
              FROM import_rows WHERE reason IS NULL AND existing_id IS NULL ORDER BY line
            RETURNING id
            """;
}
