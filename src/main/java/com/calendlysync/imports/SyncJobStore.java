package com.calendlysync.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

/**
 * The table calendly_sync_jobs, and all of its SQL: imports queued by a request, reconciliation
 * runs, which node works on which job (claim, heartbeat, orphans), each job's saved position and
 * counts, and how it ended. A node holds the jobs it claimed until it finishes or releases them;
 * a job whose node stops sending heartbeats is an orphan any node may claim and resume.
 */
public final class SyncJobStore {

    private static final String INSERT_IMPORT = "INSERT INTO calendly_sync_jobs (id, kind, status, window_start, "
            + "window_end, start_date, end_date, token_source) VALUES (?, 'import', 'queued', ?, ?, ?, ?, ?)";
    private static final String OVERLAPPING = "SELECT id FROM calendly_sync_jobs WHERE kind = 'import' "
            + "AND status IN ('queued', 'running') AND tstzrange(window_start, window_end) && tstzrange(?, ?) LIMIT 1";
    private static final String INSERT_RECONCILIATION = "INSERT INTO calendly_sync_jobs (id, kind, status, "
            + "window_start, window_end, start_date, end_date, token_source, fire_time, node, heartbeat_at, started_at) "
            + "VALUES (?, 'reconciliation', 'running', ?, ?, ?, ?, 'configured', ?, ?, ?, ?)";
    private static final String FIND = "SELECT * FROM calendly_sync_jobs WHERE id = ?";
    private static final String LAST_RECONCILIATION = "SELECT * FROM calendly_sync_jobs WHERE kind = 'reconciliation' "
            + "ORDER BY requested_at DESC LIMIT 1";
    private static final String CLAIM = "UPDATE calendly_sync_jobs SET status = 'running', node = ?, heartbeat_at = now(), "
            + "started_at = coalesce(started_at, now()) WHERE id = ? AND ("
            + "(status = 'queued' AND (? OR requested_at < now() - make_interval(secs => ?))) "
            + "OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => ?))) "
            + "RETURNING id, kind, window_start, window_end, token_source, organization, page_url, page_index, "
            + "events_seen, invitees_imported, created, updated, unchanged, failed, api_requests, pages, reached";
    private static final String PROGRESS = "UPDATE calendly_sync_jobs SET organization = ?, page_url = ?, page_index = ?, "
            + "events_seen = ?, invitees_imported = ?, created = ?, updated = ?, unchanged = ?, failed = ?, "
            + "api_requests = ?, pages = ?, reached = ?, heartbeat_at = now() WHERE id = ? AND node = ? AND status = 'running'";
    private static final String FINISH = "UPDATE calendly_sync_jobs SET status = ?, error = ?, finished_at = now(), "
            + "organization = ?, page_url = ?, page_index = ?, events_seen = ?, invitees_imported = ?, created = ?, "
            + "updated = ?, unchanged = ?, failed = ?, api_requests = ?, pages = ?, reached = ?, heartbeat_at = now() "
            + "WHERE id = ? AND node = ? AND status = 'running'";
    private static final String HEARTBEAT = "UPDATE calendly_sync_jobs SET heartbeat_at = now() "
            + "WHERE id = ANY (?) AND node = ? AND status = 'running'";
    private static final String ORPHANS = "SELECT id FROM calendly_sync_jobs WHERE "
            + "(status = 'running' AND heartbeat_at < now() - make_interval(secs => ?)) "
            + "OR (status = 'queued' AND requested_at < now() - make_interval(secs => ?)) ORDER BY requested_at";
    /** PostgreSQL's exclusion_violation: the table refuses a second queued or running import over an overlapping range. */
    private static final String OVERLAP_REFUSED = "23P01";

    private final DataSource dataSource;
    private final String node;
    private final Duration staleAfter;
    /** The jobs this node works on, kept alive by the heartbeat. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public SyncJobStore(DataSource dataSource, String node, Duration staleAfter) {
        this.dataSource = dataSource;
        this.node = node;
        this.staleAfter = staleAfter;
    }

    // ---- requests and what the API shows --------------------------------------------------------

    /** Queues an import; false when an import over an overlapping range is already queued or running. */
    boolean queueImport(String id, ImportRange range, boolean tokenGivenWithRequest) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_IMPORT)) {
            ps.setObject(1, UUID.fromString(id));
            ps.setTimestamp(2, Timestamp.from(range.start()));
            ps.setTimestamp(3, Timestamp.from(range.end()));
            ps.setString(4, range.startDate());
            ps.setString(5, range.endDate());
            ps.setString(6, tokenGivenWithRequest ? "request" : "configured");
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (OVERLAP_REFUSED.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** The id of a queued or running import over an overlapping range, or "unknown" if it ended meanwhile. */
    String overlappingImport(ImportRange range) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(OVERLAPPING)) {
            ps.setTimestamp(1, Timestamp.from(range.start()));
            ps.setTimestamp(2, Timestamp.from(range.end()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "unknown";
            }
        }
    }

    /** A job's row (column name to value), or null. */
    Map<String, Object> find(UUID id) throws SQLException {
        return row(FIND, id);
    }

    /** The rows of the latest jobs, imports and reconciliation runs, newest first. */
    List<Map<String, Object>> recent(int limit) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM calendly_sync_jobs ORDER BY requested_at DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The latest reconciliation run's row, or null. */
    Map<String, Object> lastReconciliation() throws SQLException {
        return row(LAST_RECONCILIATION);
    }

    // ---- running jobs ----------------------------------------------------------------------------

    /** A reconciliation run for one Quartz firing, held by this node from the start. */
    SyncJob startReconciliation(Instant fireTime, Duration back, Duration ahead) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(back);
        Instant end = now.plus(ahead);
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_RECONCILIATION)) {
            ps.setObject(1, UUID.fromString(id));
            ps.setTimestamp(2, Timestamp.from(start));
            ps.setTimestamp(3, Timestamp.from(end));
            ps.setString(4, start.toString());
            ps.setString(5, end.toString());
            ps.setTimestamp(6, Timestamp.from(fireTime));
            ps.setString(7, node);
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setTimestamp(9, Timestamp.from(now));
            ps.executeUpdate();
        }
        held.add(id);
        return new SyncJob(id, "reconciliation", start, end, false);
    }

    /**
     * Takes a queued job for this node, or an orphan, at its saved position. Empty when another
     * node (or a live run) has it.
     */
    Optional<SyncJob> claim(QueuedJob queued) throws SQLException {
        Map<String, Object> row;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, node);
            ps.setObject(2, UUID.fromString(queued.id()));
            ps.setBoolean(3, queued.justRequested());
            ps.setLong(4, staleAfter.toSeconds());
            ps.setLong(5, staleAfter.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                row = rs.next() ? columns(rs) : null;
            }
        }
        if (row == null) {
            return Optional.empty();
        }
        SyncJob job = new SyncJob(queued.id(), (String) row.get("kind"), instant(row, "window_start"),
                instant(row, "window_end"), "request".equals(row.get("token_source")));
        job.organization = (String) row.get("organization");
        job.pageUrl = (String) row.get("page_url");
        job.pageIndex = ((Number) row.get("page_index")).intValue();
        job.eventsSeen = count(row, "events_seen");
        job.inviteesImported = count(row, "invitees_imported");
        job.created = count(row, "created");
        job.updated = count(row, "updated");
        job.unchanged = count(row, "unchanged");
        job.failed = count(row, "failed");
        job.apiRequests = count(row, "api_requests");
        job.pages = count(row, "pages");
        job.reached = row.get("reached") == null ? null : ((Timestamp) row.get("reached")).toInstant();
        held.add(job.id);
        return Optional.of(job);
    }

    /** Saves where the job is and what it did; if another node has taken it over, this node lets go. */
    void savePosition(SyncJob job) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PROGRESS)) {
            int i = bindProgress(ps, 1, job);
            ps.setObject(i++, UUID.fromString(job.id));
            ps.setString(i, node);
            if (ps.executeUpdate() == 0) {
                held.remove(job.id);
                throw new JobInterruptedException(job.id, "was taken over by another node");
            }
        }
    }

    void complete(SyncJob job) throws SQLException {
        finish(job, "completed", null);
    }

    void fail(SyncJob job, String error) throws SQLException {
        finish(job, "failed", error);
    }

    /** This node stops working on the job (it is stopping): the job stays running and becomes an orphan. */
    void release(SyncJob job) {
        held.remove(job.id);
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
            held.remove(job.id);
        }
    }

    // ---- keeping jobs alive and picking up orphans ----------------------------------------------

    /** Tells the other nodes this node still works on its jobs. */
    public void heartbeat() throws SQLException {
        if (held.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HEARTBEAT)) {
            ps.setArray(1, c.createArrayOf("uuid", held.stream().map(UUID::fromString).toArray()));
            ps.setString(2, node);
            ps.executeUpdate();
        }
    }

    /** Unfinished jobs nobody works on any more (their node stopped or died), to be claimed. */
    public List<QueuedJob> orphans() throws SQLException {
        List<QueuedJob> orphans = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ORPHANS)) {
            ps.setLong(1, staleAfter.toSeconds());
            ps.setLong(2, staleAfter.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!held.contains(rs.getString(1))) {
                        orphans.add(new QueuedJob(rs.getString(1), false));
                    }
                }
            }
        }
        return orphans;
    }

    // ---- rows ------------------------------------------------------------------------------------

    private static int bindProgress(PreparedStatement ps, int i, SyncJob job) throws SQLException {
        ps.setString(i++, job.organization);
        ps.setString(i++, job.pageUrl);
        ps.setInt(i++, job.pageIndex);
        ps.setLong(i++, job.eventsSeen);
        ps.setLong(i++, job.inviteesImported);
        ps.setLong(i++, job.created);
        ps.setLong(i++, job.updated);
        ps.setLong(i++, job.unchanged);
        ps.setLong(i++, job.failed);
        ps.setLong(i++, job.apiRequests);
        ps.setLong(i++, job.pages);
        ps.setTimestamp(i++, job.reached == null ? null : Timestamp.from(job.reached));
        return i;
    }

    private Map<String, Object> row(String sql, Object... args) throws SQLException {
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

    private static Instant instant(Map<String, Object> row, String key) {
        return ((Timestamp) row.get(key)).toInstant();
    }

    private static long count(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).longValue();
    }
}
