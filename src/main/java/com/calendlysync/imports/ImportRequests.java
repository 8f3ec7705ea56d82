package com.calendlysync.imports;

import com.calendlysync.http.JsonTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.calendlysync.calendly.CalendlyApi;
import com.calendlysync.http.ApiException;
import com.calendlysync.http.NotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The import API's side of calendly_sync_jobs: POST /api/v1/calendly/import (validate, queue,
 * 409 while an overlapping import is queued or running), GET /api/v1/calendly/import/{jobId},
 * GET /api/v1/calendly/imports (the latest jobs) and the last reconciliation for the status
 * page. SyncJobs runs what is queued here.
 */
public final class ImportRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "INSERT INTO calendly_sync_jobs (id, kind, status, window_start, window_end, "
            + "start_date, end_date, token_source) VALUES (?, 'import', 'queued', ?, ?, ?, ?, ?)";
    private static final String DESCRIBE = "SELECT * FROM calendly_sync_jobs WHERE id = ?";
    private static final String LAST_RECONCILIATION = "SELECT * FROM calendly_sync_jobs WHERE kind = 'reconciliation' "
            + "ORDER BY requested_at DESC LIMIT 1";
    private static final String RECENT = "SELECT id FROM calendly_sync_jobs ORDER BY requested_at DESC LIMIT 20";
    /** Meetings are imported in start-time order: the n-th Calendly meeting of the window is about where a job is. */
    private static final String NTH_MEETING = "SELECT start_time FROM meetings WHERE source = 'calendly' "
            + "AND start_time >= ? AND start_time < ? ORDER BY start_time OFFSET ? LIMIT 1";
    private static final long ESTIMATE_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final String OVERLAPPING = "SELECT id FROM calendly_sync_jobs WHERE kind = 'import' "
            + "AND status IN ('queued', 'running') AND tstzrange(window_start, window_end) && tstzrange(?, ?) LIMIT 1";

    private final DataSource dataSource;
    private final CalendlyApi api;
    private final SyncJobs jobs;
    private final Duration maxRange;
    /** The last progress estimate of recent jobs (it costs a scan of the meetings already imported). */
    private final Map<UUID, Estimate> estimates = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Estimate> eldest) {
            return size() > 50;
        }
    });

    private record Estimate(long invitees, long madeAtNanos, Integer percent) {
    }

    public ImportRequests(DataSource dataSource, CalendlyApi api, SyncJobs jobs, Duration maxRange) {
        this.dataSource = dataSource;
        this.api = api;
        this.jobs = jobs;
        this.maxRange = maxRange;
    }

    /** Validates an import request and queues it; the answer is {jobId, status}. */
    public Map<String, Object> request(String body) throws SQLException {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            throw ApiException.badRequest("the body must be a JSON object {\"startDate\", \"endDate\", \"calendlyApiToken\"?}");
        }
        if (request == null || !request.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {\"startDate\", \"endDate\", \"calendlyApiToken\"?}");
        }
        ImportRange range = ImportRange.parse(text(request, "startDate"), text(request, "endDate"), maxRange);
        JsonNode tokenNode = request.get("calendlyApiToken");
        String token = null;
        if (tokenNode != null && !tokenNode.isNull()) {
            if (!tokenNode.isTextual() || tokenNode.asText().isBlank()) {
                throw ApiException.badRequest("'calendlyApiToken' must be a non-empty string when given");
            }
            token = tokenNode.asText().trim();
        }
        if (token == null && !api.hasConfiguredToken()) {
            throw ApiException.badRequest("no Calendly API token: set CALENDLY_API_TOKEN or pass 'calendlyApiToken' in the body");
        }
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setObject(1, UUID.fromString(id));
            ps.setTimestamp(2, Timestamp.from(range.start()));
            ps.setTimestamp(3, Timestamp.from(range.end()));
            ps.setString(4, range.startDate());
            ps.setString(5, range.endDate());
            ps.setString(6, token == null ? "configured" : "request");
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23P01".equals(e.getSQLState())) {
                throw new ApiException(409, "import_running", "an import over an overlapping range is already "
                        + "queued or running (job " + overlapping(range) + "); wait for it to finish");
            }
            throw e;
        }
        if (token != null) {
            jobs.rememberToken(id, token);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", id);
        answer.put("status", "queued");
        answer.put("fresh", true);
        return answer;
    }

    private String overlapping(ImportRange range) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(OVERLAPPING)) {
            ps.setTimestamp(1, Timestamp.from(range.start()));
            ps.setTimestamp(2, Timestamp.from(range.end()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "unknown";
            }
        }
    }

    /** The reply to the POST: the job id and status, without the routing hint. */
    public Map<String, Object> accepted(Map<String, Object> request) {
        Map<String, Object> answer = new LinkedHashMap<>(request);
        answer.remove("fresh");
        return answer;
    }

    // ---- GET /api/v1/calendly/import/{jobId} -------------------------------------------------

    public Map<String, Object> describe(String jobId) throws SQLException {
        UUID id;
        try {
            id = UUID.fromString(jobId == null ? "" : jobId.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("parameter 'jobId' must be a job id as returned by POST /api/v1/calendly/import, not '" + jobId + "'");
        }
        Map<String, Object> row = jobs.row(DESCRIBE, id);
        if (row == null) {
            throw new NotFoundException("no import job " + jobId);
        }
        return view(row);
    }

    // ---- GET /api/v1/calendly/imports --------------------------------------------------------

    /** The 20 latest jobs, imports and reconciliation runs, newest first, each as describe() has it. */
    public Map<String, Object> list() throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RECENT);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add((UUID) rs.getObject(1));
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (UUID id : ids) {
            Map<String, Object> row = jobs.row(DESCRIBE, id);
            if (row != null) {
                items.add(view(row));
            }
        }
        return Map.of("items", items);
    }

    /** The latest reconciliation run for the status page, or null. */
    public Map<String, Object> lastReconciliation() throws SQLException {
        Map<String, Object> row = jobs.row(LAST_RECONCILIATION);
        if (row == null) {
            return null;
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("startedAt", JsonTimes.iso(row.get("started_at")));
        run.put("finishedAt", JsonTimes.iso(row.get("finished_at")));
        run.put("status", row.get("status"));
        run.put("windowStart", JsonTimes.iso(row.get("window_start")));
        run.put("windowEnd", JsonTimes.iso(row.get("window_end")));
        for (String count : List.of("created", "updated", "unchanged", "failed")) {
            run.put(count, row.get(count));
        }
        run.put("error", row.get("error"));
        return run;
    }

    private Map<String, Object> view(Map<String, Object> row) throws SQLException {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("jobId", row.get("id").toString());
        job.put("kind", row.get("kind"));
        job.put("status", row.get("status"));
        job.put("startDate", row.get("start_date"));
        job.put("endDate", row.get("end_date"));
        job.put("eventsSeen", row.get("events_seen"));
        job.put("inviteesImported", row.get("invitees_imported"));
        job.put("created", row.get("created"));
        job.put("updated", row.get("updated"));
        job.put("unchanged", row.get("unchanged"));
        job.put("failed", row.get("failed"));
        job.put("apiRequests", row.get("api_requests"));
        job.put("pages", row.get("pages"));
        job.put("startedAt", JsonTimes.iso(row.get("started_at")));
        job.put("finishedAt", JsonTimes.iso(row.get("finished_at")));
        job.put("error", row.get("error"));
        job.put("progress", progress(row));
        return job;
    }

    /**
     * How far through its window a job has got, in percent; null when it cannot be told.
     * Calendly does not say how many events a window holds, but it lists them in start-time
     * order: after n invitees the job stands at about the start of the n-th Calendly meeting we
     * hold in the window (exact when the range was imported before, close for a first import).
     */
    private Integer progress(Map<String, Object> row) throws SQLException {
        String status = (String) row.get("status");
        long invitees = ((Number) row.get("invitees_imported")).longValue();
        if ("completed".equals(status)) {
            return 100;
        }
        if ("queued".equals(status) || invitees == 0) {
            return 0;
        }
        UUID id = (UUID) row.get("id");
        Estimate last = estimates.get(id);
        if (last != null && (last.invitees() == invitees || System.nanoTime() - last.madeAtNanos() < ESTIMATE_EVERY_NANOS)) {
            return last.percent();
        }
        Instant start = ((Timestamp) row.get("window_start")).toInstant();
        Instant end = ((Timestamp) row.get("window_end")).toInstant();
        Integer percent = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NTH_MEETING)) {
            ps.setTimestamp(1, Timestamp.from(start));
            ps.setTimestamp(2, Timestamp.from(end));
            ps.setLong(3, invitees - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && end.isAfter(start)) {
                    long reached = Duration.between(start, rs.getTimestamp(1).toInstant()).toSeconds();
                    long whole = Duration.between(start, end).toSeconds();
                    percent = (int) Math.max(0, Math.min(99, reached * 100 / Math.max(1, whole)));
                }
            }
        }
        estimates.put(id, new Estimate(invitees, System.nanoTime(), percent));
        return percent;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("'" + key + "' must be a string: an ISO date or date-time");
        }
        return value.asText();
    }
}
