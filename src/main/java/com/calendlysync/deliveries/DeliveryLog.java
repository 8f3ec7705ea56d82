package com.calendlysync.deliveries;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.db.LogPage;
import com.calendlysync.encryption.DeliveryBodies;
import com.calendlysync.web.QueryString;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.NotFoundException;
import com.calendlysync.webhook.WebhookSignatureCheck;
import com.calendlysync.web.ErrorReply;
import com.calendlysync.webhook.DeliveryReader;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code deliveryLog}: the webhook deliveries as admins, managers and auditors see them
 * (newest first, by outcome, cursor paging), and the bookkeeping around replaying a failed one.
 * The replay itself runs through the webhook's own direct routes (routes/deliveries.camel.yaml).
 */
public final class DeliveryLog {

    private static final Set<String> OUTCOMES = Set.of("processed", "duplicate", "ignored", "failed");
    /** How DeliveryReader words a body that is not a JSON object: the same bytes replayed can never succeed. */
    private static final List<String> NOT_JSON_ERRORS = List.of("the body is not valid JSON", "the body must be a JSON object");
    private static final Set<String> REPLAYED_FOR_GOOD = Set.of("processed", "duplicate", "ignored");

    /** The header the webhook route names the delivery's invitee in, once mapped. */
    public static final String INVITEE_URI = "CalendlyInviteeUri";
    private static final String REPLAYED = "ReplayedDeliveryId";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    private final DataSource dataSource;
    private final ErrorReply errorReply;

    private final DeliveryBodies bodies;

    public DeliveryLog(DataSource dataSource, ErrorReply errorReply, DeliveryBodies bodies) {
        this.dataSource = dataSource;
        this.errorReply = errorReply;
        this.bodies = bodies;
    }

    /** GET /api/v1/deliveries?outcome=&limit=&cursor= */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, Set.of("outcome", "limit", "cursor"));
        String outcome = query.oneOf("outcome", null, OUTCOMES);
        int limit = query.limit("limit", 50, 200);
        Long before = query.positiveId("cursor");
        LogPage page = new LogPage("SELECT id, received_at, event_type, outcome, error, invitee_uri, dedupe_key, "
                + "replayed_at, replay_outcome, octet_length(raw_body) AS body_bytes FROM webhook_deliveries");
        if (outcome != null) {
            page.where("outcome = ?", outcome);
        }
        return page.read(dataSource, limit, before, rs -> {
            Map<String, Object> d = summary(rs);
            d.put("inviteeUri", rs.getString("invitee_uri"));
            d.put("dedupeKey", rs.getString("dedupe_key"));
            d.put("bodyBytes", rs.getLong("body_bytes"));
            d.put("replayedAt", iso(rs.getTimestamp("replayed_at")));
            d.put("replayOutcome", rs.getString("replay_outcome"));
            d.put("replayable", replayable(rs.getString("outcome"), rs.getString("error"), rs.getString("replay_outcome")));
            return d;
        });
    }

    /** A delivery as every list of them shows it: id, receivedAt, event, outcome, error. */
    public static Map<String, Object> summary(ResultSet rs) throws SQLException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", rs.getLong("id"));
        d.put("receivedAt", iso(rs.getTimestamp("received_at")));
        d.put("event", rs.getString("event_type"));
        d.put("outcome", rs.getString("outcome"));
        d.put("error", rs.getString("error"));
        return d;
    }

    /**
     * Loads a failed delivery for replay and puts its stored bytes where the webhook's reader
     * expects the verified body; only 'failed' deliveries can be replayed (409 otherwise).
     */
    public void prepareReplay(Exchange exchange, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT outcome, error, raw_body, sealed_by, seal_ref, replay_outcome FROM webhook_deliveries WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no delivery with id " + id);
                }
                String outcome = rs.getString("outcome");
                if (!"failed".equals(outcome)) {
                    throw new ApiException(409, "not_failed", "delivery " + id + " is '" + outcome
                            + "'; only failed deliveries can be replayed");
                }
                String earlier = rs.getString("replay_outcome");
                if (earlier != null && REPLAYED_FOR_GOOD.contains(earlier)) {
                    throw new ApiException(409, "already_replayed", "delivery " + id + " was already replayed ("
                            + earlier + ")");
                }
                if (!replayable(outcome, rs.getString("error"), earlier)) {
                    throw new ApiException(409, "not_replayable", "delivery " + id + " cannot succeed on replay: "
                            + rs.getString("error") + " (the stored bytes stay the same)");
                }
                exchange.setProperty(WebhookSignatureCheck.RAW_BODY,
                        bodies.open(rs.getBytes("raw_body"), rs.getString("sealed_by"), rs.getString("seal_ref")));
                exchange.setProperty(REPLAYED, id);
            }
        }
    }

    // the body as stored: sealed when encryption is on (unless the person is withheld: then redacted,
    // R__privacy_rules.sql privacy_delivery_body), with the key, the reference it is bound to, the keyed emails
    private static final String STORED_BODY = "raw_body, sealed_by, seal_ref, subject_keys";
    private static final String STORED_BODY_VALUES = "b.body, CASE WHEN b.body = b.sealed THEN b.sealed_by END, "
            + "CASE WHEN b.body = b.sealed THEN b.seal_ref END, CASE WHEN b.body = b.sealed THEN b.subject_keys ELSE '{}' END "
            + "FROM (SELECT privacy_delivery_body(CAST(? AS bytea), CAST(? AS bytea)) AS body, CAST(? AS bytea) AS sealed, "
            + "CAST(? AS text) AS sealed_by, CAST(? AS text) AS seal_ref, CAST(? AS bytea[]) AS subject_keys) AS b";

    private void storedBody(Connection c, PreparedStatement ps, int first, byte[] raw) throws SQLException {
        DeliveryBodies.Sealed sealed = bodies.seal(raw);
        ps.setBytes(first, raw);
        ps.setBytes(first + 1, sealed == null ? null : sealed.body());
        ps.setBytes(first + 2, sealed == null ? null : sealed.body());
        ps.setString(first + 3, sealed == null ? null : sealed.sealedBy());
        ps.setString(first + 4, sealed == null ? null : sealed.sealRef());
        ps.setArray(first + 5, c.createArrayOf("bytea", sealed == null ? new byte[0][] : sealed.subjectKeys()));
    }

    /** A delivery about something other than an invitee (routing forms, event types...): kept, answered 'ignored'. */
    public Map<String, Object> ignored(byte[] rawBody, String eventType, String dedupeKey) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, " + STORED_BODY
                     + ") SELECT ?, ?, 'ignored', " + STORED_BODY_VALUES + " RETURNING id")) {
            ps.setString(1, eventType);
            ps.setString(2, dedupeKey);
            storedBody(c, ps, 3, rawBody);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("status", "ignored");
                answer.put("deliveryId", rs.getLong(1));
                answer.put("event", eventType);
                return answer;
            }
        }
    }

    /**
     * Before the webhook answers an error: a verified delivery refused for what it says is kept
     * as 'failed', with its bytes and the reason the answer gave (never an exception's own text),
     * so an admin can see it and replay it. An unverified body is never stored, and nothing can
     * be stored while the database is unreachable (the answer was 503: Calendly retries).
     */
    public void failed(Exchange exchange) {
        byte[] raw = exchange.getProperty(WebhookSignatureCheck.RAW_BODY, byte[].class);
        if (raw == null || ErrorReply.databaseUnavailable(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))) {
            return;
        }
        ApiException answer = errorReply.answerFor(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class),
                exchange.getExchangeId());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, "
                     + "error, invitee_uri, " + STORED_BODY + ") SELECT ?, ?, 'failed', ?, ?, " + STORED_BODY_VALUES)) {
            ps.setString(1, exchange.getMessage().getHeader(DeliveryReader.EVENT, String.class));
            ps.setString(2, exchange.getMessage().getHeader(DeliveryReader.DEDUPE_KEY, String.class));
            ps.setString(3, answer.getMessage());
            ps.setString(4, exchange.getMessage().getHeader(INVITEE_URI, String.class));
            storedBody(c, ps, 5, raw);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not store the failed delivery of exchange {} (SQLState {})", exchange.getExchangeId(), e.getSQLState());
        }
    }

    /**
     * A replay that failed again: the delivery stays failed, with the new reason, and the admin
     * gets the 4xx that says why (409 when it failed for any other reason; 503 when the database
     * is unreachable: try again later). No new failed delivery is stored.
     */
    public void replayFailed(Exchange exchange) throws SQLException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (ErrorReply.databaseUnavailable(error)) {
            throw new ApiException(503, "database_unavailable", "the database cannot be reached right now; retry the replay later");
        }
        long id = exchange.getProperty(REPLAYED, Long.class);
        ApiException answer = errorReply.answerFor(error, exchange.getExchangeId());
        String reason = answer.getMessage();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET replayed_at = now(), replay_outcome = 'failed', "
                     + "error = ? WHERE id = ?")) {
            ps.setString(1, reason);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        // what the delivery says is still wrong keeps its 4xx; anything else is a conflict with its stored state
        boolean refused = answer.getStatus() < 500;
        throw new ApiException(refused ? answer.getStatus() : 409, refused ? answer.getError() : "replay_failed",
                "delivery " + id + " could not be applied again, so it stays failed: " + reason);
    }

    /**
     * Whether replaying can help: a failed delivery not yet replayed for good, whose stored body
     * is a JSON object (a failure in mapping or storing may be fixed since; unreadable bytes never are).
     */
    private static boolean replayable(String outcome, String error, String replayOutcome) {
        return "failed".equals(outcome) && (replayOutcome == null || !REPLAYED_FOR_GOOD.contains(replayOutcome))
                && (error == null || NOT_JSON_ERRORS.stream().noneMatch(error::startsWith));
    }

    /** After the webhook routes applied the delivery: remember the replay on the original row. */
    public Map<String, Object> finishReplay(Exchange exchange, Map<String, Object> result) throws SQLException {
        long id = exchange.getProperty(REPLAYED, Long.class);
        String status = String.valueOf(result.get("status"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET replayed_at = now(), replay_outcome = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("replayedDeliveryId", id);
        answer.put("result", result);
        return answer;
    }

}
