package com.calendlysync.encryption;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code reencryption}: moves every row to the primary key, after a rotation or when
 * encryption is turned on for a database that holds clear rows (then it seals them). It walks each
 * table in id order in batches, one transaction each, and keeps its position in
 * encryption_progress, so a restart resumes where it stopped; one instance of a cluster runs it at
 * a time (an advisory lock). Each row is re-sealed only if no webhook changed it meanwhile. When
 * no row is left under another key, the other keys are marked retired: the start no longer needs
 * them. The status page shows the progress ({@link #status()}).
 */
public final class Reencryption {

    private static final Logger LOG = LoggerFactory.getLogger(Reencryption.class);
    private static final long LOCK = 0x656e637279707431L;
    private static final String CALENDLY = PersonalFields.CALENDLY;
    private static final String DELIVERIES = PersonalFields.DELIVERIES;

    private final DataSource dataSource;
    private final Encryption encryption;
    private final DeliveryBodies bodies;
    private final SealedValues sealed;
    private final int batchSize;

    public Reencryption(DataSource dataSource, Encryption encryption, DeliveryBodies bodies, SealedValues sealed, int batchSize) {
        this.dataSource = dataSource;
        this.encryption = encryption;
        this.bodies = bodies;
        this.sealed = sealed;
        this.batchSize = batchSize;
    }

    /** Runs until every table is under the primary key (or another instance runs it); answers what it moved. */
    public Map<String, Object> run() throws SQLException {
        Map<String, Object> moved = new LinkedHashMap<>();
        if (!encryption.enabled()) {
            return moved;
        }
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                moved.put("skipped", "another instance is re-encrypting");
                return moved;
            }
            try {
                moved.put(CALENDLY, walk(CALENDLY, "SELECT count(*) FROM calendly_meetings WHERE sealed_by IS DISTINCT FROM ?"));
                moved.put(DELIVERIES, walk(DELIVERIES, "SELECT count(*) FROM webhook_deliveries WHERE sealed_by IS DISTINCT FROM ? "
                        + "AND octet_length(raw_body) > 0"));
                retireOldKeys();
            } finally {
                try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, LOCK);
                    ps.execute();
                }
            }
        }
        return moved;
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private long walk(String table, String remainingSql) throws SQLException {
        String primary = encryption.primaryKeyId();
        long position;
        long remaining;
        try (Connection c = dataSource.getConnection()) {
            remaining = count(c, remainingSql, primary);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO encryption_progress (table_name, target_key, position, done, "
                    + "total, started_at) VALUES (?, ?, 0, 0, ?, now()) ON CONFLICT (table_name) DO UPDATE SET "
                    + "position = CASE WHEN encryption_progress.target_key = EXCLUDED.target_key AND encryption_progress.finished_at IS NULL "
                    + "THEN encryption_progress.position ELSE 0 END, "
                    + "done = CASE WHEN encryption_progress.target_key = EXCLUDED.target_key AND encryption_progress.finished_at IS NULL "
                    + "THEN encryption_progress.done ELSE 0 END, "
                    + "total = CASE WHEN encryption_progress.target_key = EXCLUDED.target_key AND encryption_progress.finished_at IS NULL "
                    + "THEN encryption_progress.done + EXCLUDED.total ELSE EXCLUDED.total END, "
                    + "started_at = coalesce(CASE WHEN encryption_progress.target_key = EXCLUDED.target_key "
                    + "AND encryption_progress.finished_at IS NULL THEN encryption_progress.started_at END, now()), "
                    + "target_key = EXCLUDED.target_key, finished_at = NULL, updated_at = now() RETURNING position")) {
                ps.setString(1, table);
                ps.setString(2, primary);
                ps.setLong(3, remaining);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    position = rs.getLong(1);
                }
            }
        }
        long moved = 0;
        while (true) {
            long[] batch = CALENDLY.equals(table) ? calendlyBatch(position, primary) : deliveryBatch(position, primary);
            if (batch == null) {
                break;
            }
            position = batch[0];
            moved += batch[1];
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE encryption_progress SET finished_at = now(), updated_at = now() "
                     + "WHERE table_name = ?")) {
            ps.setString(1, table);
            ps.executeUpdate();
        }
        if (moved > 0) {
            LOG.info("Re-encryption: {} row(s) of {} now sealed with key id '{}'", moved, table, primary);
        }
        return moved;
    }

    /** One batch of Calendly rows after this id: {last id, rows moved}, or null at the end. */
    private long[] calendlyBatch(long after, String primary) throws SQLException {
        FieldCipher cipher = encryption.cipher();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> rows = new ArrayList<>();
                long last = -1;
                try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.meeting_id, c.invitee_uri, c.sealed_by, "
                        + "to_jsonb(c)::text AS row, m.description, m.location AS meeting_location FROM calendly_meetings c "
                        + "JOIN meetings m ON m.id = c.meeting_id WHERE c.id > ? ORDER BY c.id LIMIT ? FOR UPDATE OF c, m")) {
                    ps.setLong(1, after);
                    ps.setInt(2, batchSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            last = rs.getLong("id");
                            if (!primary.equals(rs.getString("sealed_by"))) {
                                rows.add(new Object[] {rs.getLong("id"), rs.getLong("meeting_id"), rs.getString("invitee_uri"),
                                    rs.getString("sealed_by"), rs.getString("row"), rs.getString("description"),
                                    rs.getString("meeting_location")});
                            }
                        }
                    }
                }
                if (last < 0) {
                    c.rollback();
                    return null;
                }
                try (PreparedStatement calendly = c.prepareStatement("UPDATE calendly_meetings c SET (invitee_name, invitee_first_name, "
                        + "invitee_last_name, invitee_email, invitee_phone, cancel_reason, canceled_by, questions_and_answers, "
                        + "calendly_data, location, sealed_by, lookup_keys) = (SELECT s.invitee_name, s.invitee_first_name, "
                        + "s.invitee_last_name, s.invitee_email, s.invitee_phone, s.cancel_reason, s.canceled_by, "
                        + "s.questions_and_answers, s.calendly_data, s.location, ?, "
                        + "calendly_lookup_keys(jsonb_populate_record(NULL::calendly_meetings, CAST(? AS jsonb))) "
                        + "FROM jsonb_populate_record(NULL::calendly_meetings, CAST(? AS jsonb)) AS s) WHERE c.id = ?");
                     PreparedStatement meeting = c.prepareStatement("UPDATE meetings SET description = ?, location = ? WHERE id = ?")) {
                    for (Object[] row : rows) {
                        String uri = (String) row[2];
                        String by = (String) row[3];
                        ObjectNode stored = (ObjectNode) Json.MAPPER.readTree((String) row[4]);
                        ObjectNode clear = Json.MAPPER.createObjectNode();
                        ObjectNode resealed = Json.MAPPER.createObjectNode();
                        for (String column : PersonalFields.CALENDLY_TEXT) {
                            String value = sealed.text(stored.path(column).asText(null), by, PersonalFields.calendly(column, uri));
                            clear.put(column, value);
                            resealed.put(column, cipher.seal(value, PersonalFields.calendly(column, uri)));
                        }
                        for (String column : PersonalFields.CALENDLY_JSON) {
                            JsonNode value = sealed.json(stored.get(column), by, PersonalFields.calendly(column, uri));
                            boolean none = value == null || value.isNull();
                            clear.set(column, value);
                            if (none) {
                                resealed.set(column, value);
                            } else {
                                resealed.put(column, cipher.seal(value.toString(), PersonalFields.calendly(column, uri)));
                            }
                        }
                        calendly.setString(1, primary);
                        calendly.setString(2, clear.toString());
                        calendly.setString(3, resealed.toString());
                        calendly.setLong(4, (Long) row[0]);
                        calendly.addBatch();
                        meeting.setString(1, cipher.seal(sealed.text((String) row[5], by, PersonalFields.meeting("description", uri)),
                                PersonalFields.meeting("description", uri)));
                        meeting.setString(2, cipher.seal(sealed.text((String) row[6], by, PersonalFields.meeting("location", uri)),
                                PersonalFields.meeting("location", uri)));
                        meeting.setLong(3, (Long) row[1]);
                        meeting.addBatch();
                    }
                    if (!rows.isEmpty()) {
                        calendly.executeBatch();
                        meeting.executeBatch();
                        forgetOldValues(c, rows);
                    }
                }
                progress(c, CALENDLY, last, rows.size());
                c.commit();
                return new long[] {last, rows.size()};
            } catch (SQLException | RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                c.rollback();
                if (e instanceof SQLException sql) {
                    throw sql;
                }
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("a stored Calendly row is not JSON", e);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * The trail's copies of these rows' personal values were written in clear (or under the old
     * key): they are removed, as an erasure removes them (privacy_redact_audit: the commitments
     * stay, so the chain still verifies); the rows themselves keep the values, sealed.
     */
    private static void forgetOldValues(Connection c, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT privacy_redact_audit('calendly_meetings', CAST(? AS text[])), "
                + "privacy_redact_audit('meetings', CAST(? AS text[]))")) {
            ps.setArray(1, c.createArrayOf("text", rows.stream().map(r -> String.valueOf(r[0])).toArray()));
            ps.setArray(2, c.createArrayOf("text", rows.stream().map(r -> String.valueOf(r[1])).toArray()));
            ps.execute();
        }
    }

    /** One batch of deliveries after this id: {last id, rows moved}, or null at the end. */
    private long[] deliveryBatch(long after, String primary) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long last = -1;
                int moved = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT id, raw_body, sealed_by, seal_ref FROM webhook_deliveries "
                        + "WHERE id > ? ORDER BY id LIMIT ? FOR UPDATE");
                     PreparedStatement store = c.prepareStatement("UPDATE webhook_deliveries SET raw_body = ?, sealed_by = ?, "
                             + "seal_ref = ?, subject_keys = ? WHERE id = ?")) {
                    ps.setLong(1, after);
                    ps.setInt(2, batchSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            last = rs.getLong("id");
                            byte[] raw = rs.getBytes("raw_body");
                            if (primary.equals(rs.getString("sealed_by")) || raw == null || raw.length == 0) {
                                continue;
                            }
                            DeliveryBodies.Sealed resealed = bodies.seal(bodies.open(raw, rs.getString("sealed_by"),
                                    rs.getString("seal_ref")));
                            store.setBytes(1, resealed.body());
                            store.setString(2, resealed.sealedBy());
                            store.setString(3, resealed.sealRef());
                            store.setArray(4, c.createArrayOf("bytea", resealed.subjectKeys()));
                            store.setLong(5, last);
                            store.addBatch();
                            moved++;
                        }
                    }
                    if (moved > 0) {
                        store.executeBatch();
                    }
                }
                if (last < 0) {
                    c.rollback();
                    return null;
                }
                progress(c, DELIVERIES, last, moved);
                c.commit();
                return new long[] {last, moved};
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void progress(Connection c, String table, long position, int moved) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE encryption_progress SET position = ?, done = done + ?, "
                + "total = greatest(total, done + ?), updated_at = now() WHERE table_name = ?")) {
            ps.setLong(1, position);
            ps.setInt(2, moved);
            ps.setInt(3, moved);
            ps.setString(4, table);
            ps.executeUpdate();
        }
    }

    /** The keys no row needs any more are retired: the start stops asking for them. */
    private void retireOldKeys() throws SQLException {
        String primary = encryption.primaryKeyId();
        try (Connection c = dataSource.getConnection()) {
            long left = count(c, "SELECT (SELECT count(*) FROM calendly_meetings WHERE sealed_by IS DISTINCT FROM ?) "
                    + "+ (SELECT count(*) FROM webhook_deliveries WHERE sealed_by IS NOT NULL AND sealed_by <> ?)", primary, primary);
            if (left == 0) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE encryption_keys_used SET retired_at = now() "
                        + "WHERE key_id <> ? AND retired_at IS NULL")) {
                    ps.setString(1, primary);
                    int retired = ps.executeUpdate();
                    if (retired > 0) {
                        LOG.info("Re-encryption: every row is sealed with key id '{}'; {} older key(s) are no longer needed", primary,
                                retired);
                    }
                }
            }
        }
    }

    private static long count(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** For the status page: on or off, the keys, and the job's progress per table. */
    public Map<String, Object> status() throws SQLException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("enabled", encryption.enabled());
        status.put("primaryKeyId", encryption.primaryKeyId());
        status.put("keyIds", encryption.keyIds());
        List<Map<String, Object>> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT table_name, target_key, done, total, started_at, finished_at "
                     + "FROM encryption_progress ORDER BY table_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("table", rs.getString("table_name"));
                table.put("targetKeyId", rs.getString("target_key"));
                table.put("done", rs.getLong("done"));
                table.put("total", rs.getLong("total"));
                table.put("startedAt", instant(rs.getTimestamp("started_at")));
                table.put("finishedAt", instant(rs.getTimestamp("finished_at")));
                tables.add(table);
            }
        }
        status.put("reencryption", tables);
        return status;
    }

    private static String instant(java.sql.Timestamp at) {
        return at == null ? null : at.toInstant().toString();
    }

    /** The status page's answer with the encryption section added. */
    public Map<String, Object> extend(Map<String, Object> integrationStatus) throws SQLException {
        integrationStatus.put("encryption", status());
        return integrationStatus;
    }
}
