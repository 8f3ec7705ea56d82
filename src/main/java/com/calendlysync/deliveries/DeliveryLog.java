package com.calendlysync.deliveries;

import static com.calendlysync.http.JsonTimes.iso;

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

import com.calendlysync.api.QueryString;
import com.calendlysync.http.ApiException;
import com.calendlysync.http.NotFoundException;
import com.calendlysync.webhook.WebhookSignatureCheck;
import org.apache.camel.Exchange;

/**
 * Bean {@code deliveryLog}: the webhook deliveries as admins, managers and auditors see them
 * (newest first, by outcome, cursor paging), and the bookkeeping around replaying a failed one.
 * The replay itself runs through the webhook's own direct routes (routes/deliveries.yaml).
 */
public final class DeliveryLog {

    private static final Set<String> OUTCOMES = Set.of("processed", "duplicate", "ignored", "failed");
    /** How DeliveryReader words a body that is not a JSON object: the same bytes replayed can never succeed. */
    private static final List<String> NOT_JSON_ERRORS = List.of("the body is not valid JSON", "the body must be a JSON object");
    private static final Set<String> REPLAYED_FOR_GOOD = Set.of("processed", "duplicate", "ignored");

    private final DataSource dataSource;

    public DeliveryLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** GET /api/v1/deliveries?outcome=&limit=&cursor= */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        QueryString query = QueryString.of(exchange, Set.of("outcome", "limit", "cursor"));
        String outcome = query.oneOf("outcome", null, OUTCOMES);
        int limit = query.limit("limit", 50, 200);
        Long before = query.positiveId("cursor");
        StringBuilder sql = new StringBuilder("SELECT id, received_at, event_type, outcome, error, invitee_uri, dedupe_key, "
                + "replayed_at, replay_outcome, octet_length(raw_body) AS body_bytes FROM webhook_deliveries WHERE true");
        List<Object> params = new ArrayList<>();
        if (outcome != null) {
            sql.append(" AND outcome = ?");
            params.add(outcome);
        }
        if (before != null) {
            sql.append(" AND id < ?");
            params.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        List<Map<String, Object>> items = new ArrayList<>();
        boolean more = false;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("id", rs.getLong("id"));
                    d.put("receivedAt", iso(rs.getTimestamp("received_at")));
                    d.put("event", rs.getString("event_type"));
                    d.put("outcome", rs.getString("outcome"));
                    d.put("error", rs.getString("error"));
                    d.put("inviteeUri", rs.getString("invitee_uri"));
                    d.put("dedupeKey", rs.getString("dedupe_key"));
                    d.put("bodyBytes", rs.getLong("body_bytes"));
                    d.put("replayedAt", iso(rs.getTimestamp("replayed_at")));
                    d.put("replayOutcome", rs.getString("replay_outcome"));
                    d.put("replayable", replayable(rs.getString("outcome"), rs.getString("error"), rs.getString("replay_outcome")));
                    items.add(d);
                }
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("limit", limit);
        page.put("nextCursor", more ? String.valueOf(items.get(items.size() - 1).get("id")) : null);
        return page;
    }

    /**
     * Loads a failed delivery for replay and puts its stored bytes where the webhook's reader
     * expects the verified body; only 'failed' deliveries can be replayed (409 otherwise).
     */
    public void prepareReplay(Exchange exchange, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT outcome, error, raw_body, replay_outcome FROM webhook_deliveries WHERE id = ?")) {
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
                exchange.setProperty(WebhookSignatureCheck.RAW_BODY, rs.getBytes("raw_body"));
                exchange.setProperty("ReplayedDeliveryId", id);
            }
        }
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
        long id = exchange.getProperty("ReplayedDeliveryId", Long.class);
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
