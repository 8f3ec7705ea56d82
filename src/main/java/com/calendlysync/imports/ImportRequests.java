package com.calendlysync.imports;

import com.calendlysync.web.JsonTimes;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The import API's side of calendly_sync_jobs: POST /api/v1/calendly/import (validate, queue,
 * 409 while an overlapping import is queued or running), GET /api/v1/calendly/import/{jobId},
 * GET /api/v1/calendly/imports (the latest jobs) and the last reconciliation for the status page.
 * ImportRunner runs what is queued here.
 */
public final class ImportRequests {

    private final SyncJobStore jobs;
    private final RequestTokens tokens;
    private final boolean tokenConfigured;
    private final Duration maxRange;

    public ImportRequests(SyncJobStore jobs, RequestTokens tokens, boolean tokenConfigured, Duration maxRange) {
        this.jobs = jobs;
        this.tokens = tokens;
        this.tokenConfigured = tokenConfigured;
        this.maxRange = maxRange;
    }

    /** Validates an import request and queues it: the job for seda:calendly-sync-jobs. */
    public QueuedJob request(String body) throws SQLException {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
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
        if (token == null && !tokenConfigured) {
            throw ApiException.badRequest("no Calendly API token: set CALENDLY_API_TOKEN or pass 'calendlyApiToken' in the body");
        }
        String id = UUID.randomUUID().toString();
        if (!jobs.queueImport(id, range, token != null)) {
            throw new ApiException(409, "import_running", "an import over an overlapping range is already "
                    + "queued or running (job " + jobs.overlappingImport(range) + "); wait for it to finish");
        }
        if (token != null) {
            tokens.remember(id, token);
        }
        return new QueuedJob(id, true);
    }

    /** The reply to the POST: the job id and status. */
    public Map<String, Object> accepted(QueuedJob job) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", job.id());
        answer.put("status", "queued");
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
        Map<String, Object> row = jobs.find(id);
        if (row == null) {
            throw new NotFoundException("no import job " + jobId);
        }
        return view(row);
    }

    // ---- GET /api/v1/calendly/imports --------------------------------------------------------

    /** The 20 latest jobs, imports and reconciliation runs, newest first, each as describe() has it. */
    public Map<String, Object> list() throws SQLException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : jobs.recent(20)) {
            items.add(view(row));
        }
        return Map.of("items", items);
    }

    /** The latest reconciliation run for the status page, or null. */
    public Map<String, Object> lastReconciliation() throws SQLException {
        Map<String, Object> row = jobs.lastReconciliation();
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

    private static Map<String, Object> view(Map<String, Object> row) {
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
     * How far through its window a job has got, in percent. Calendly does not say how many events
     * a window holds, but it lists them in start-time order, so the start of the last finished
     * event places the job in its window.
     */
    private static Integer progress(Map<String, Object> row) {
        if ("completed".equals(row.get("status"))) {
            return 100;
        }
        if (!(row.get("reached") instanceof Timestamp reached)) {
            return 0;
        }
        Instant start = ((Timestamp) row.get("window_start")).toInstant();
        Instant end = ((Timestamp) row.get("window_end")).toInstant();
        long whole = Math.max(1, Duration.between(start, end).toSeconds());
        long done = Duration.between(start, reached.toInstant()).toSeconds();
        return (int) Math.max(0, Math.min(99, done * 100 / whole));
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
