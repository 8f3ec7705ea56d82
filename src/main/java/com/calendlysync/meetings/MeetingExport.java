package com.calendlysync.meetings;

import com.calendlysync.web.JsonTimes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.Semaphore;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.web.QueryString;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.ClientDisconnect;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code meetingExport}: GET /api/v1/meetings/export?format=csv|xlsx with the list's
 * filters and role scoping. Rows go from a database cursor straight into the response through
 * a pipe, so an export of a million meetings never sits in memory. The query runs before the
 * answer starts, so a bad request or an unreachable database is still a proper JSON error. A
 * client that goes away ends its export at once: slot, connection and cursor come free.
 */
public final class MeetingExport {

    private static final Logger LOG = LoggerFactory.getLogger(MeetingExport.class);
    private static final String[] COLUMNS = {"id", "title", "status", "no_show", "start_time", "end_time",
            "duration_minutes", "source", "calendly", "customer_id", "customer_name", "customer_email", "invitee_name",
            "invitee_email", "event_name", "event_type_uri", "organizer_employee_id", "hosts", "reschedule_url",
            "cancel_url", "created_at", "updated_at"};
    /** An Excel sheet holds 1,048,576 rows, one of them the header. */
    private static final int XLSX_MAX_ROWS = 1_048_575;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final Semaphore running;
    private final SealedValues sealed;

    public MeetingExport(DataSource dataSource, int maxConcurrent, SealedValues sealed) {
        this.dataSource = dataSource;
        this.running = new Semaphore(maxConcurrent);
        this.sealed = sealed;
    }

    public InputStream export(Exchange exchange) throws SQLException, IOException {
        QueryString query = QueryString.of(exchange, MeetingFilter.EXPORT_PARAMETERS);
        String format = query.oneOf("format", "csv", Set.of("csv", "xlsx"));
        MeetingFilter filter = MeetingFilter.from(query);
        MeetingQuery sql = MeetingQuery.build(filter, AccessControl.principal(exchange), null, null, new SealedTextSearch(sealed, dataSource));
        if (!running.tryAcquire()) {
            throw new ApiException(429, "too_many_exports", "other exports are running; try again in a minute", 60);
        }
        // the slot and the connection belong to the writer once it runs; until then, any failure
        // (no connection to be had, a query error) gives them back here
        Connection connection = null;
        boolean writing = false;
        try {
            connection = dataSource.getConnection();
            // a cursor: PostgreSQL sends rows in batches instead of the whole result at once
            connection.setAutoCommit(false);
            PreparedStatement statement = sql.prepare(connection);
            statement.setFetchSize(1000);
            ResultSet rows = statement.executeQuery();
            PipedInputStream in = new PipedInputStream(64 * 1024);
            PipedOutputStream out = new PipedOutputStream(in);
            Connection owned = connection;
            Thread writer = new Thread(() -> write(format, owned, rows, out), "meeting-export");
            writer.setDaemon(true);
            // a client that goes away closes the pipe: the writer's next write fails, and it gives
            // back its connection (the cursor's transaction is rolled back) and its slot at once
            ClientDisconnect.onClose(exchange, () -> closeQuietly(in));
            writer.start();
            writing = true;
            String name = "meetings-" + FILE_TIME.format(Instant.now()) + "." + format;
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, format.equals("csv") ? "text/csv; charset=utf-8"
                    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
            return in;
        } finally {
            if (!writing) {
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } finally {
                    running.release();
                }
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // a pipe's reading end closes without I/O
        }
    }

    private void write(String format, Connection connection, ResultSet rows, OutputStream out) {
        long count = 0;
        try (connection; out) {
            if (format.equals("csv")) {
                count = writeCsv(rows, out);
            } else {
                count = writeXlsx(rows, out);
            }
            LOG.info("export ({}) sent {} meetings", format, count);
        } catch (Exception e) {
            // the client went away or the database failed mid-way: the download ends short, and we say so here
            LOG.warn("export ({}) stopped after {} meetings: {}", format, count, e.getMessage());
        } finally {
            running.release();
        }
    }

    private long writeCsv(ResultSet rows, OutputStream out) throws SQLException, IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(COLUMNS).get());
        long count = 0;
        while (rows.next()) {
            Object[] values = values(rows);
            for (int i = 0; i < values.length; i++) {
                values[i] = spreadsheetSafe(values[i]);
            }
            csv.printRecord(values);
            count++;
        }
        csv.flush();
        return count;
    }

    private long writeXlsx(ResultSet rows, OutputStream out) throws SQLException, IOException {
        Workbook workbook = new Workbook(out, "calendly-sync", "1.0");
        Worksheet sheet = workbook.newWorksheet("Meetings");
        for (int c = 0; c < COLUMNS.length; c++) {
            sheet.value(0, c, COLUMNS[c]);
        }
        int r = 0;
        while (r < XLSX_MAX_ROWS && rows.next()) {
            r++;
            Object[] values = values(rows);
            for (int c = 0; c < values.length; c++) {
                Object v = values[c];
                if (v instanceof Number n) {
                    sheet.value(r, c, n);
                } else if (v instanceof Boolean b) {
                    sheet.value(r, c, b);
                } else if (v != null) {
                    sheet.value(r, c, v.toString());
                }
            }
            if (r % 1000 == 0) {
                sheet.flush();
            }
        }
        workbook.finish();
        return r;
    }

    private Object[] values(ResultSet rs) throws SQLException {
        PersonalValues personal = PersonalValues.of(rs, sealed);
        return new Object[] {
            rs.getLong("id"), rs.getString("title"), rs.getString("status"), rs.getBoolean("no_show"),
            JsonTimes.iso(rs.getTimestamp("start_time")), JsonTimes.iso(rs.getTimestamp("end_time")),
            rs.getObject("duration_minutes"), rs.getString("source"), rs.getObject("calendly_id") != null,
            rs.getObject("customer_id"), rs.getString("customer_name"), rs.getString("customer_email"),
            personal.inviteeName(), personal.inviteeEmail(), rs.getString("event_name"),
            rs.getString("event_type_uri"), rs.getObject("employee_id"), hostNames(rs.getString("hosts")),
            rs.getString("reschedule_url"), rs.getString("cancel_url"),
            JsonTimes.iso(rs.getTimestamp("created_at")), JsonTimes.iso(rs.getTimestamp("updated_at"))
        };
    }

    private static String hostNames(String hosts) {
        if (hosts == null) {
            return null;
        }
        try {
            StringBuilder names = new StringBuilder();
            for (var host : MeetingSearch.JSON.readTree(hosts)) {
                if (names.length() > 0) {
                    names.append("; ");
                }
                names.append(host.path("name").asText(host.path("email").asText("")));
            }
            return names.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** A cell starting with = + - @ would run as a formula in a spreadsheet: quote it as text. */
    static Object spreadsheetSafe(Object value) {
        if (value instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return value;
    }
}
