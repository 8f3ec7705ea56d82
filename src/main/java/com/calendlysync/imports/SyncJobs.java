package com.calendlysync.imports;

import static com.calendlysync.web.JsonTimes.iso;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.calendlysync.calendly.CalendlyApi;
import com.calendlysync.calendly.CalendlyApiException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running imports and reconciliation runs: claiming a job on this node, keeping
 * its cursor and counts in calendly_sync_jobs after every event, and handing unfinished jobs
 * of dead nodes (or of this node before a restart) back to the runner. The YAML routes in
 * routes/calendly-import.camel.yaml and routes/reconcile.camel.yaml call these steps; all of the jobs'
 * SQL is in this class.
 */
public final class SyncJobs {

    public static final String JOB = "CalendlyJob";
    public static final String EVENT = "CalendlyEvent";
    public static final String INVITEES_URL = "CalendlyInviteesUrl";
    public static final String OBSERVED_AT = "CalendlyObservedAt";

    private static final Logger LOG = LoggerFactory.getLogger(SyncJobs.class);
    private static final DateTimeFormatter CALENDLY_TIME = DateTimeFormatter.ISO_INSTANT;

    private static final String INSERT = "INSERT INTO calendly_sync_jobs (id, kind, status, window_start, window_end, "
            + "start_date, end_date, token_source, fire_time, node, heartbeat_at, started_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CLAIM = "UPDATE calendly_sync_jobs SET status = 'running', node = ?, heartbeat_at = now(), "
            + "started_at = coalesce(started_at, now()) WHERE id = ? AND ("
            + "(status = 'queued' AND (? OR requested_at < now() - make_interval(secs => ?))) "
            + "OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => ?))) "
            + "RETURNING id, kind, window_start, window_end, token_source, organization, page_url, page_index, "
            + "events_seen, invitees_imported, created, updated, unchanged, failed, api_requests, pages";
    private static final String PROGRESS = "UPDATE calendly_sync_jobs SET organization = ?, page_url = ?, page_index = ?, "
            + "events_seen = ?, invitees_imported = ?, created = ?, updated = ?, unchanged = ?, failed = ?, "
            + "api_requests = ?, pages = ?, heartbeat_at = now() WHERE id = ? AND node = ? AND status = 'running'";
    private static final String FINISH = "UPDATE calendly_sync_jobs SET status = ?, error = ?, finished_at = now(), "
            + "organization = ?, page_url = ?, page_index = ?, events_seen = ?, invitees_imported = ?, created = ?, "
            + "updated = ?, unchanged = ?, failed = ?, api_requests = ?, pages = ?, heartbeat_at = now() "
            + "WHERE id = ? AND node = ? AND status = 'running'";
    private static final String HEARTBEAT = "UPDATE calendly_sync_jobs SET heartbeat_at = now() "
            + "WHERE id = ANY (?) AND node = ? AND status = 'running'";
    private static final String ORPHANS = "SELECT id FROM calendly_sync_jobs WHERE "
            + "(status = 'running' AND heartbeat_at < now() - make_interval(secs => ?)) "
            + "OR (status = 'queued' AND requested_at < now() - make_interval(secs => ?)) ORDER BY requested_at";

    private final DataSource dataSource;
    private final String node;
    private final Duration staleAfter;
    /** Tokens given with an import request: in this node's memory only, for that job only. */
    private final Map<String, String> requestTokens = new ConcurrentHashMap<>();
    /** The jobs this node is working on, kept alive by the heartbeat. */
    private final Map<String, SyncJob> running = new ConcurrentHashMap<>();

    public SyncJobs(DataSource dataSource, String node, Duration staleAfter) {
        this.dataSource = dataSource;
        this.node = node;
        this.staleAfter = staleAfter;
    }

    public String node() {
        return node;
    }

    /** A token given with an import request, for that job only and in this node's memory only. */
    void rememberToken(String jobId, String token) {
        requestTokens.put(jobId, token);
    }

    // ---- reconciliation ----------------------------------------------------------------------

    /** A reconciliation run for one Quartz firing, owned by this node from the start. */
    public SyncJob startReconciliation(Exchange exchange, Duration back, Duration ahead) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(back);
        Instant end = now.plus(ahead);
        Object fire = exchange.getMessage().getHeader("scheduledFireTime");
        Timestamp fireTime = fire instanceof java.util.Date date ? new Timestamp(date.getTime()) : Timestamp.from(now);
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setObject(1, UUID.fromString(id));
            ps.setString(2, "reconciliation");
            ps.setString(3, "running");
            ps.setTimestamp(4, Timestamp.from(start));
            ps.setTimestamp(5, Timestamp.from(end));
            ps.setString(6, start.toString());
            ps.setString(7, end.toString());
            ps.setString(8, "configured");
            ps.setTimestamp(9, fireTime);
            ps.setString(10, node);
            ps.setTimestamp(11, Timestamp.from(now));
            ps.setTimestamp(12, Timestamp.from(now));
            ps.executeUpdate();
        }
        SyncJob job = new SyncJob(id, "reconciliation", start, end);
        adopt(exchange, job, null);
        LOG.info("Reconciliation {} started: events starting {} to {}", id, start, end);
        return job;
    }

    // ---- running a job -----------------------------------------------------------------------

    /**
     * Takes the job named by the body (an id, or the POST's answer) for this node. Sets
     * CalendlyJob when this node got it; another node (or a live run) keeps it otherwise.
     */
    public void claim(Exchange exchange) throws SQLException {
        Object body = exchange.getMessage().getBody();
        String id;
        boolean fresh = false;
        if (body instanceof Map<?, ?> map) {
            id = String.valueOf(map.get("jobId"));
            fresh = Boolean.TRUE.equals(map.get("fresh"));
        } else {
            id = String.valueOf(body);
        }
        exchange.removeProperty(JOB);
        Map<String, Object> row;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, node);
            ps.setObject(2, UUID.fromString(id));
            ps.setBoolean(3, fresh);
            ps.setLong(4, staleAfter.toSeconds());
            ps.setLong(5, staleAfter.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                row = rs.next() ? columns(rs) : null;
            }
        }
        if (row == null) {
            LOG.debug("Job {} is not for this node to run", id);
            return;
        }
        SyncJob job = new SyncJob(id, (String) row.get("kind"), ((Timestamp) row.get("window_start")).toInstant(),
                ((Timestamp) row.get("window_end")).toInstant());
        job.organization = (String) row.get("organization");
        job.pageUrl = (String) row.get("page_url");
        job.pageIndex = ((Number) row.get("page_index")).intValue();
        job.eventsSeen.set(num(row, "events_seen"));
        job.inviteesImported.set(num(row, "invitees_imported"));
        job.created.set(num(row, "created"));
        job.updated.set(num(row, "updated"));
        job.unchanged.set(num(row, "unchanged"));
        job.failed.set(num(row, "failed"));
        job.apiRequests.set(num(row, "api_requests"));
        job.pages.set(num(row, "pages"));
        String token = null;
        if ("request".equals(row.get("token_source"))) {
            token = requestTokens.get(id);
            if (token == null) {
                running.put(id, job);
                finish(job, "failed", "the import was interrupted (restart or node failure) and the "
                        + "calendlyApiToken given with it is never stored; start the import again with the token");
                return;
            }
        }
        boolean resumed = job.pageUrl != null || job.pageIndex > 0 || job.eventsSeen.get() > 0;
        adopt(exchange, job, token);
        LOG.info("{} {} {}: events starting {} to {}", resumed ? "Resuming" : "Starting", job.kind, id,
                job.windowStart, job.windowEnd);
    }

    private void adopt(Exchange exchange, SyncJob job, String token) {
        running.put(job.id, job);
        exchange.setProperty(JOB, job);
        exchange.setProperty(CalendlyApi.COUNTER, job);
        if (token != null) {
            exchange.setProperty(CalendlyApi.TOKEN, token);
        } else {
            exchange.removeProperty(CalendlyApi.TOKEN);
        }
    }

    /** Sets CalendlyApiUrl to the next events page. */
    public void nextEventsPage(Exchange exchange) {
        SyncJob job = job(exchange);
        exchange.getMessage().removeHeaders("*");
        String url = job.pageUrl;
        if (url == null) {
            url = "/scheduled_events?organization=" + encode(job.organization)
                    + "&min_start_time=" + encode(CALENDLY_TIME.format(job.windowStart))
                    + "&max_start_time=" + encode(CALENDLY_TIME.format(job.windowEnd))
                    + "&sort=" + encode("start_time:asc") + "&count=100";
        }
        exchange.getMessage().setHeader("CalendlyApiUrl", url);
        exchange.getMessage().setBody(null);
    }

    /** Reads GET /users/me: the organization whose events are listed. */
    public void organization(Exchange exchange) throws SQLException {
        SyncJob job = job(exchange);
        JsonNode me = exchange.getMessage().getBody(JsonNode.class);
        String organization = me == null ? null : me.path("resource").path("current_organization").asText(null);
        if (organization == null) {
            throw new CalendlyApiException(0, "Calendly's /users/me named no current_organization for this token");
        }
        job.organization = organization;
        save(job);
    }

    /** The events of a listed page that are still to do (all of them, unless resuming mid-page). */
    public List<JsonNode> eventsPage(Exchange exchange) {
        SyncJob job = job(exchange);
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        String next = page == null ? null : page.path("pagination").path("next_page").asText(null);
        job.nextPageUrl = next == null || next.isBlank() ? null : next;
        List<JsonNode> events = new ArrayList<>();
        JsonNode collection = page == null ? null : page.get("collection");
        if (collection != null && collection.isArray()) {
            for (int i = job.pageIndex; i < collection.size(); i++) {
                events.add(collection.get(i));
            }
        }
        return events;
    }

    /**
     * Before an event's invitees: the event is what they are listed under. An event with no
     * invitee at all (invitees_counter.total 0) costs no request.
     */
    public void eventStarted(Exchange exchange) {
        JsonNode event = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(EVENT, event);
        JsonNode total = event.path("invitees_counter").path("total");
        String uri = event.path("uri").asText("");
        String uuid = uri.substring(uri.lastIndexOf('/') + 1);
        boolean none = total.isNumber() && total.asLong() == 0;
        exchange.setProperty(INVITEES_URL, none || uuid.isEmpty() ? null
                : "/scheduled_events/" + encode(uuid) + "/invitees?count=100");
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("CalendlyApiUrl", exchange.getProperty(INVITEES_URL));
    }

    /** The invitees of one listed page; sets up the next page, if any. */
    public List<JsonNode> inviteesPage(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(OBSERVED_AT, Instant.now());
        String next = page == null ? null : page.path("pagination").path("next_page").asText(null);
        exchange.setProperty(INVITEES_URL, next == null || next.isBlank() ? null : next);
        List<JsonNode> invitees = new ArrayList<>();
        JsonNode collection = page == null ? null : page.get("collection");
        if (collection != null && collection.isArray()) {
            collection.forEach(invitees::add);
        }
        return invitees;
    }

    /** Sets CalendlyApiUrl to the next invitees page. */
    public void nextInviteesPage(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("CalendlyApiUrl", exchange.getProperty(INVITEES_URL));
        exchange.getMessage().setBody(null);
    }

    /** What calendly_apply_invitee did with one invitee. */
    public void tally(Exchange exchange) {
        SyncJob job = job(exchange);
        String change = exchange.getMessage().getBody(String.class);
        job.inviteesImported.incrementAndGet();
        switch (change == null ? "" : change) {
            case "created" -> job.created.incrementAndGet();
            case "updated" -> job.updated.incrementAndGet();
            default -> job.unchanged.incrementAndGet();
        }
    }

    /** An invitee Calendly listed but we could not map: counted and logged, the job goes on. */
    public void inviteeFailed(Exchange exchange) {
        SyncJob job = job(exchange);
        job.failed.incrementAndGet();
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        JsonNode event = exchange.getProperty(EVENT, JsonNode.class);
        LOG.warn("{} {}: an invitee of event {} was not imported: {}", job.kind, job.id,
                event == null ? "?" : event.path("uri").asText(), error == null ? "?" : error.getMessage());
    }

    /** One event done: the cursor moves past it and is saved, so a restart does not redo it. */
    public void eventDone(Exchange exchange) throws SQLException {
        SyncJob job = job(exchange);
        job.pageIndex++;
        job.eventsSeen.incrementAndGet();
        save(job);
        if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
            throw new JobInterruptedException(job.id);
        }
    }

    /** The current events page is done: the next one becomes the cursor. */
    public void pageDone(Exchange exchange) throws SQLException {
        SyncJob job = job(exchange);
        job.pages.incrementAndGet(); // pages worked through; one listed again after a restart counts once
        if (job.nextPageUrl == null) {
            job.lastPageSeen = true;
        } else {
            job.pageUrl = job.nextPageUrl;
            job.pageIndex = 0;
            job.nextPageUrl = null;
            save(job);
        }
    }

    public void complete(Exchange exchange) throws SQLException {
        SyncJob job = job(exchange);
        finish(job, "completed", null);
        LOG.info("{} {} completed: {} events, {} invitees ({} created, {} updated, {} unchanged, {} failed), "
                        + "{} API requests", job.kind, job.id, job.eventsSeen, job.inviteesImported, job.created,
                job.updated, job.unchanged, job.failed, job.apiRequests);
    }

    /**
     * The job stopped on an error. Stopping the app is no error: the job stays 'running' and is
     * resumed from its saved cursor once its heartbeat is stale.
     */
    public void failed(Exchange exchange) throws SQLException {
        SyncJob job = exchange.getProperty(JOB, SyncJob.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (job == null) {
            LOG.warn("A sync job could not start: {}", error == null ? "?" : error.getMessage());
            return;
        }
        if (interrupted(error) || exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
            running.remove(job.id);
            LOG.info("{} {} interrupted by shutdown after {} events; it resumes from there", job.kind, job.id,
                    job.eventsSeen);
            return;
        }
        String message = rootMessage(error);
        LOG.warn("{} {} failed: {}", job.kind, job.id, message);
        finish(job, "failed", message);
    }

    private static boolean interrupted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof JobInterruptedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CalendlyApiException || t instanceof SQLException) {
                return t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    // ---- keeping jobs alive and picking up orphans ---------------------------------------------

    /** Tells the other nodes this node still works on its jobs. */
    public void heartbeat() throws SQLException {
        if (running.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HEARTBEAT)) {
            ps.setArray(1, c.createArrayOf("uuid", running.keySet().stream().map(UUID::fromString).toArray()));
            ps.setString(2, node);
            ps.executeUpdate();
        }
    }

    /** Unfinished jobs nobody works on any more (their node stopped or died): to be claimed. */
    public List<String> orphans() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ORPHANS)) {
            ps.setLong(1, staleAfter.toSeconds());
            ps.setLong(2, staleAfter.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!running.containsKey(rs.getString(1))) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        return ids;
    }

    // ---- persistence -------------------------------------------------------------------------

    private void save(SyncJob job) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PROGRESS)) {
            int i = bindProgress(ps, 1, job);
            ps.setObject(i++, UUID.fromString(job.id));
            ps.setString(i, node);
            if (ps.executeUpdate() == 0) {
                running.remove(job.id);
                throw new JobInterruptedException(job.id + " was taken over by another node");
            }
        }
    }

    private void finish(SyncJob job, String status, String error) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FINISH)) {
            ps.setString(1, status);
            ps.setString(2, error);
            int i = bindProgress(ps, 3, job);
            ps.setObject(i++, UUID.fromString(job.id));
            ps.setString(i, node);
            ps.executeUpdate();
        } finally {
            running.remove(job.id);
            requestTokens.remove(job.id);
        }
    }

    private static int bindProgress(PreparedStatement ps, int i, SyncJob job) throws SQLException {
        ps.setString(i++, job.organization);
        ps.setString(i++, job.pageUrl);
        ps.setInt(i++, job.pageIndex);
        ps.setLong(i++, job.eventsSeen.get());
        ps.setLong(i++, job.inviteesImported.get());
        ps.setLong(i++, job.created.get());
        ps.setLong(i++, job.updated.get());
        ps.setLong(i++, job.unchanged.get());
        ps.setLong(i++, job.failed.get());
        ps.setLong(i++, job.apiRequests.get());
        ps.setLong(i++, job.pages.get());
        return i;
    }

    /** The first row of a query as column label -> value, or null. */
    Map<String, Object> row(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? columns(rs) : null;
            }
        }
    }

    private static Map<String, Object> columns(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        return row;
    }

    private static SyncJob job(Exchange exchange) {
        SyncJob job = exchange.getProperty(JOB, SyncJob.class);
        if (job == null) {
            throw new IllegalStateException("no CalendlyJob on this exchange");
        }
        return job;
    }

    private static long num(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).longValue();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
