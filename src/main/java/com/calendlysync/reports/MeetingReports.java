package com.calendlysync.reports;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.access.Principal;
import com.calendlysync.web.NotFoundException;
import com.calendlysync.web.QueryString;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code reports}: GET /api/v1/reports/{report} for summary, volume, engagement,
 * utilization, conversion and popular-times, as JSON, CSV or Excel; an employee token counts
 * only the meetings its employee hosts. Also the embeddable widgets' data (see {@link Widgets})
 * and the cheap "has anything changed" version the dashboard polls.
 */
public final class MeetingReports {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync.reports");

    /** Exchange property: true when the answer is a file (the route then sends it as it is). */
    public static final String FILE = "ReportFile";
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, Report> reports = new LinkedHashMap<>();
    private final boolean peopleSealed;

    /** peopleSealed: encryption at rest is on, so bookings may be sealed (see {@link ReportValues#daysForConversion}). */
    public MeetingReports(DataSource dataSource, Clock clock, int weeklyCapacityHours, boolean peopleSealed) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.peopleSealed = peopleSealed;
        for (Report r : List.of(new SummaryReport(), new VolumeReport(), new EngagementReport(),
                new UtilizationReport(weeklyCapacityHours), new ConversionReport(), new PopularTimesReport())) {
            reports.put(r.name(), r);
        }
    }

    /** The route's step: the report named by the route, for the caller, in the format asked. */
    public Object answer(Exchange exchange, String name) throws SQLException, IOException {
        Report report = report(name);
        QueryString query = QueryString.of(exchange, ReportParameters.allowed(report.parameters()));
        ReportParameters parameters = ReportParameters.parse(name, query, report.parameters(), clock.instant());
        Principal principal = AccessControl.principal(exchange);
        return reply(exchange, parameters, run(report, parameters, principal.isScopedToEmployee() ? principal.employeeId() : null));
    }

    /**
     * GET /api/v1/reports/changes: a number that grows whenever a meeting a report counts changes.
     * It is taken inside the changing transaction, so it may be seen a moment before that commits:
     * the dashboard fetches once more on the poll after a change.
     */
    public Map<String, Object> changes(Exchange exchange) throws SQLException {
        drain();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM report_change_seq")) {
            rs.next();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", rs.getLong(1));
            return body;
        }
    }

    Report report(String name) {
        Report report = reports.get(name);
        if (report == null) {
            throw new NotFoundException("no report " + name + "; reports are " + String.join(", ", reports.keySet()));
        }
        return report;
    }

    ReportResult run(Report report, ReportParameters parameters, Long viewerEmployeeId) throws SQLException {
        drain();
        Instant now = clock.instant();
        try (ReportSession session = new ReportSession(dataSource, parameters.zone())) {
            return report.run(parameters, session, ReportValues.of(parameters, now, viewerEmployeeId, peopleSealed));
        }
    }

    /**
     * Works out the report rows of every meeting changed since the last time (report_drain): a
     * webhook only notes which meeting changed, so a report counts every committed change.
     */
    private void drain() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("SELECT report_drain()");
                return;
            } catch (SQLException e) {
                // a deadlock with a concurrent delete of the same meetings: the notes stay and a
                // second pass takes them; if that fails too, the report counts what was worked out
                if (attempt == 2) {
                    LOG.warn("Reports read without the newest changes: {}", e.getMessage());
                    return;
                }
            }
        }
    }

    static Object reply(Exchange exchange, ReportParameters parameters, ReportResult result) throws IOException {
        if (parameters.format().equals("json")) {
            exchange.setProperty(FILE, false);
            return result.body();
        }
        exchange.setProperty(FILE, true);
        boolean csv = parameters.format().equals("csv");
        byte[] file = csv ? ReportFile.csv(result.table())
                : ReportFile.xlsx(result.table(), parameters.report(), parameters.describe());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, csv ? "text/csv; charset=utf-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"report-" + parameters.report() + "-"
                + FILE_DATE.format(parameters.from()) + "-" + FILE_DATE.format(parameters.to()) + "." + parameters.format() + "\"");
        return file;
    }
}
