package com.calendlysync.privacy;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.json.Json;
import com.calendlysync.web.QueryString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code erasures}: POST /api/v1/privacy/erasure removes a person's personal data from
 * every table in one transaction (privacy_erase, R__privacy_rules.sql), keeps them withheld from
 * then on, asks Calendly to delete them too when the token allows, and answers a receipt;
 * GET /api/v1/privacy/erasures lists the receipts.
 */
public final class Erasures {

    private static final Logger LOG = LoggerFactory.getLogger("com.calendlysync.privacy");

    private final DataSource dataSource;
    private final CalendlyDeletion calendly;
    private final SealedBodyRedaction sealedBodies;

    public Erasures(DataSource dataSource, CalendlyDeletion calendly, SealedBodyRedaction sealedBodies) {
        this.dataSource = dataSource;
        this.calendly = calendly;
        this.sealedBodies = sealedBodies;
    }

    public Map<String, Object> erase(Exchange exchange) throws SQLException {
        JsonNode body = RequestFields.of(exchange, Set.of("email", "reason"));
        String email = SubjectEmail.parse(RequestFields.text(body, "email", 400), "email");
        String reason = RequestFields.text(body, "reason", 1000);
        Actor actor = Actor.of(exchange);
        long started = System.nanoTime();
        JsonNode erased = ActingTransaction.run(dataSource, actor, c -> {
            int redacted = sealedBodies.redact(c, email);
            try (PreparedStatement ps = c.prepareStatement("SELECT privacy_erase(?, ?, ?)::text")) {
                ps.setString(1, email);
                ps.setString(2, reason);
                ps.setInt(3, redacted);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return json(rs.getString(1));
                }
            }
        });
        long receiptId = erased.get("receiptId").asLong();
        CalendlyDeletion.Answer answer = calendly.ask(email);
        ActingTransaction.run(dataSource, actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE privacy_erasures SET calendly_status = ?, calendly_detail = ? "
                    + "WHERE id = ?")) {
                ps.setString(1, answer.status());
                ps.setString(2, answer.detail());
                ps.setLong(3, receiptId);
                ps.executeUpdate();
            }
            return null;
        });
        LOG.info("erasure {} by token {}: {} in {} ms; Calendly {}", receiptId, actor.id(), erased.get("touched"),
                (System.nanoTime() - started) / 1_000_000, answer.status());
        return receipt(receiptId);
    }

    /** GET /api/v1/privacy/erasures?cursor=&limit=: newest first. */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, Set.of("cursor", "limit"));
        int limit = query.limit("limit", 50, 200);
        Long cursor = query.positiveId("cursor");
        List<Map<String, Object>> items = new ArrayList<>();
        boolean more = false;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + " WHERE (?::bigint IS NULL OR id < ?) ORDER BY id DESC LIMIT ?")) {
            ps.setObject(1, cursor);
            ps.setObject(2, cursor);
            ps.setInt(3, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    items.add(describe(rs));
                }
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("limit", limit);
        page.put("nextCursor", more ? String.valueOf(items.get(items.size() - 1).get("receiptId")) : null);
        return page;
    }

    private static final String SELECT = "SELECT id, encode(subject_hash, 'hex') AS subject, reason, requested_by::text AS requested_by, "
            + "requested_at, duration_ms, touched::text AS touched, calendly_status, calendly_detail FROM privacy_erasures";

    private Map<String, Object> receipt(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return describe(rs);
            }
        }
    }

    private static Map<String, Object> describe(ResultSet rs) throws SQLException {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("receiptId", rs.getLong("id"));
        receipt.put("subject", rs.getString("subject"));
        receipt.put("reason", rs.getString("reason"));
        receipt.put("requestedBy", json(rs.getString("requested_by")));
        receipt.put("requestedAt", iso(rs.getTimestamp("requested_at")));
        receipt.put("durationMs", rs.getObject("duration_ms"));
        JsonNode touched = json(rs.getString("touched"));
        receipt.put("touched", touched);
        receipt.put("summary", summary(touched));
        Map<String, Object> calendly = new LinkedHashMap<>();
        calendly.put("status", rs.getString("calendly_status"));
        calendly.put("detail", rs.getString("calendly_detail"));
        receipt.put("calendly", calendly);
        return receipt;
    }

    /** One sentence for people: what was removed, or that nothing was held. */
    private static String summary(JsonNode touched) {
        if (touched.path("nothingHeld").asBoolean()) {
            return (touched.path("alreadyErased").asBoolean() ? "Already erased: nothing more was held"
                    : "Nothing was held about this person")
                    + "; they are suppressed, so nothing about them will be kept from now on.";
        }
        return String.format("Erased %d Calendly record(s), %d meeting(s), %d delivery body(ies), %d customer record(s) "
                        + "and values in %d audit entry(ies); the person is suppressed from now on.",
                touched.path("calendlyRecords").asInt(), touched.path("meetings").asInt(), touched.path("deliveries").asInt(),
                touched.path("customers").asInt(), touched.path("auditEntries").asInt());
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database answered JSON that does not parse", e);
        }
    }
}
