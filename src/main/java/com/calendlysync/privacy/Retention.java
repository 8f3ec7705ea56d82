package com.calendlysync.privacy;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code retention}: applies the {@link RetentionPolicy} (the daily clustered Quartz job in
 * routes/privacy.camel.yaml) in batches, one transaction each, so a large backlog never holds
 * one long transaction; every run is a row in privacy_retention_runs and an audit entry.
 * GET /api/v1/privacy/retention shows the policy, the last run and what a run now would remove.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger("com.calendlysync.privacy");

    private final DataSource dataSource;
    private final RetentionPolicy policy;

    public Retention(DataSource dataSource, RetentionPolicy policy) {
        this.dataSource = dataSource;
        this.policy = policy;
    }

    /** The dry run: how many of each kind a run at this moment would remove. */
    public Map<String, Object> due(Map<String, Instant> cutoffs) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT privacy_retention_due(?, ?, ?)::text")) {
            ps.setTimestamp(1, timestamp(cutoffs.get(RetentionPolicy.RAW_BODIES)));
            ps.setTimestamp(2, timestamp(cutoffs.get(RetentionPolicy.PERSONAL_DATA)));
            ps.setTimestamp(3, timestamp(cutoffs.get(RetentionPolicy.ACCESS_AUDIT)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return map(rs.getString(1));
            }
        }
    }

    /** GET /api/v1/privacy/retention */
    public Map<String, Object> status() throws SQLException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("policy", policy.describe());
        answer.put("lastRun", lastRun());
        answer.put("nextRunWouldRemove", due(policy.cutoffs(Instant.now())));
        return answer;
    }

    /** One run: counts what is due, removes it kind by kind in batches, records what it did. */
    public Map<String, Object> run() throws SQLException {
        Map<String, Instant> cutoffs = policy.cutoffs(Instant.now());
        Map<String, Object> planned = due(cutoffs);
        long runId;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO privacy_retention_runs (policy, planned) "
                     + "VALUES (CAST(? AS jsonb), CAST(? AS jsonb)) RETURNING id")) {
            ps.setString(1, Json.MAPPER.valueToTree(policy.describe()).toString());
            ps.setString(2, Json.MAPPER.valueToTree(planned).toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                runId = rs.getLong(1);
            }
        }
        Actor actor = Actor.retention(runId);
        Map<String, Object> removed = new LinkedHashMap<>();
        String error = null;
        try {
            for (Map.Entry<String, Instant> kind : cutoffs.entrySet()) {
                long total = 0;
                if (kind.getValue() != null) {
                    int batch;
                    do {
                        batch = ActingTransaction.run(dataSource, actor, c -> {
                            try (PreparedStatement ps = c.prepareStatement("SELECT privacy_retention_batch(?, ?, ?)")) {
                                ps.setString(1, kind.getKey());
                                ps.setTimestamp(2, Timestamp.from(kind.getValue()));
                                ps.setInt(3, policy.batchSize());
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    return rs.getInt(1);
                                }
                            }
                        });
                        total += batch;
                    } while (batch == policy.batchSize());
                }
                removed.put(kind.getKey(), total);
            }
        } catch (SQLException | RuntimeException e) {
            error = e.getMessage();
            throw e;
        } finally {
            String failure = error;
            ActingTransaction.run(dataSource, actor, c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE privacy_retention_runs SET finished_at = now(), "
                        + "removed = CAST(? AS jsonb), error = ? WHERE id = ?")) {
                    ps.setString(1, Json.MAPPER.valueToTree(removed).toString());
                    ps.setString(2, failure);
                    ps.setLong(3, runId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT audit_note('retention_run', 'retention', ?, "
                        + "jsonb_build_object('policy', CAST(? AS jsonb), 'planned', CAST(? AS jsonb), 'removed', CAST(? AS jsonb), "
                        + "'error', ?::text))")) {
                    ps.setString(1, String.valueOf(runId));
                    ps.setString(2, Json.MAPPER.valueToTree(policy.describe()).toString());
                    ps.setString(3, Json.MAPPER.valueToTree(planned).toString());
                    ps.setString(4, Json.MAPPER.valueToTree(removed).toString());
                    ps.setString(5, failure);
                    ps.execute();
                }
                return null;
            });
        }
        LOG.info("retention run {}: removed {} (planned {})", runId, removed, planned);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runId", runId);
        answer.put("planned", planned);
        answer.put("removed", removed);
        return answer;
    }

    private Map<String, Object> lastRun() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, started_at, finished_at, planned::text AS planned, "
                     + "removed::text AS removed, error FROM privacy_retention_runs ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("runId", rs.getLong("id"));
            run.put("startedAt", iso(rs.getTimestamp("started_at")));
            run.put("finishedAt", iso(rs.getTimestamp("finished_at")));
            run.put("planned", map(rs.getString("planned")));
            run.put("removed", map(rs.getString("removed")));
            run.put("error", rs.getString("error"));
            return run;
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return Json.MAPPER.convertValue(node, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database answered JSON that does not parse", e);
        }
    }
}
