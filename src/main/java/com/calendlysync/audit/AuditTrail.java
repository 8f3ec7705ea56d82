package com.calendlysync.audit;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.db.LogPage;
import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.QueryString;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code auditTrail}: the audit log as admins and auditors read it (filters, cursor
 * paging), its verification, the sealer that chains new entries shortly after they commit
 * (R__audit_trail.sql audit_seal), and the daily copy of the chain's head in the log.
 */
public final class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger("com.calendlysync.audit");
    private static final Set<String> PARAMETERS = Set.of("entity", "entityId", "actor", "from", "to", "cursor", "limit");

    private final DataSource dataSource;

    public AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * GET /api/v1/audit: newest first. actor is a kind (webhook, import, token...) or kind:id
     * (token:3, import:&lt;job id&gt;); from/to are dates or date-times.
     */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, PARAMETERS);
        int limit = query.limit("limit", 50, 500);
        Long cursor = query.positiveId("cursor");
        LogPage page = new LogPage("SELECT id, at, actor, action, entity, entity_id, changes, seq, "
                + "hash IS NOT NULL AS sealed FROM audit_log");
        String entity = query.get("entity");
        if (entity != null) {
            page.where("entity = ?", entity);
        }
        String entityId = query.get("entityId");
        if (entityId != null) {
            if (entity == null) {
                throw ApiException.badRequest("parameter 'entityId' needs 'entity' (e.g. entity=meetings&entityId=12)");
            }
            page.where("entity_id = ?", entityId);
        }
        String actor = query.get("actor");
        if (actor != null) {
            int colon = actor.indexOf(':');
            page.where("actor ->> 'kind' = ?", colon < 0 ? actor : actor.substring(0, colon));
            if (colon >= 0) {
                page.where("actor ->> 'id' = ?", actor.substring(colon + 1));
            }
        }
        Instant from = time(query.get("from"), "from", false);
        Instant to = time(query.get("to"), "to", true);
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.badRequest("parameter 'from' must not be after 'to'");
        }
        if (from != null) {
            page.where("at >= ?", Timestamp.from(from));
        }
        if (to != null) {
            page.where("at < ?", Timestamp.from(to));
        }
        return page.read(dataSource, limit, cursor, rs -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", rs.getLong("id"));
            entry.put("at", iso(rs.getTimestamp("at")));
            entry.put("actor", json(rs.getString("actor")));
            entry.put("action", rs.getString("action"));
            entry.put("entity", rs.getString("entity"));
            entry.put("entityId", rs.getString("entity_id"));
            entry.put("changes", json(rs.getString("changes")));
            entry.put("seq", rs.getObject("seq"));
            entry.put("sealed", rs.getBoolean("sealed"));
            return entry;
        });
    }

    /**
     * A bulk read of personal data (an export of the meeting list): recorded with the caller and
     * what they asked for, before the first row goes out.
     */
    public void bulkRead(Exchange exchange, String action) throws SQLException {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        ActingTransaction.run(dataSource, Actor.of(exchange), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT audit_note(?, 'meetings', NULL, jsonb_build_object('query', ?::text))")) {
                ps.setString(1, action);
                ps.setString(2, query == null ? "" : query);
                ps.execute();
            }
            return null;
        });
    }

    /** GET /api/v1/audit/verify: the whole chain recomputed. */
    public Map<String, Object> verify() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT valid, entries, unsealed, first_invalid_id, problem FROM audit_verify()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("valid", rs.getBoolean("valid"));
            answer.put("entries", rs.getLong("entries"));
            answer.put("firstInvalidId", rs.getObject("first_invalid_id"));
            answer.put("problem", rs.getString("problem"));
            answer.put("unsealed", rs.getLong("unsealed"));
            if (!rs.getBoolean("valid")) {
                LOG.warn("audit chain does NOT verify: entry {}: {}", rs.getObject("first_invalid_id"), rs.getString("problem"));
            }
            return answer;
        }
    }

    /** Chains what committed since the last run; with several instances one seals, the others skip. */
    public int seal() throws SQLException {
        int sealed;
        int total = 0;
        do {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT audit_seal(5000, false)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                sealed = rs.getInt(1);
                total += sealed;
            }
        } while (sealed == 5000);
        return total;
    }

    /** The chain's head, written to the log once a day so a copy exists outside the database. */
    public Map<String, Object> logHead() throws SQLException {
        seal();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, id, hash, at FROM audit_head()");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Object> head = new LinkedHashMap<>();
            if (rs.next() && rs.getObject("seq") != null) {
                head.put("seq", rs.getLong("seq"));
                head.put("id", rs.getLong("id"));
                head.put("hash", rs.getString("hash"));
                head.put("at", iso(rs.getTimestamp("at")));
                LOG.info("audit chain head: seq {} entry {} hash {} ({})", head.get("seq"), head.get("id"), head.get("hash"),
                        head.get("at"));
            } else {
                LOG.info("audit chain head: the chain is empty");
            }
            return head;
        }
    }

    private static Object json(String text) {
        try {
            return text == null ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_log holds JSON that does not parse", e);
        }
    }

    private static Instant time(String value, String name, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a date (2026-03-18) or a date-time with offset "
                    + "(2026-03-18T15:00:00Z)");
        }
    }
}
