package com.calendlysync.calendly;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.calendlysync.json.Json;
import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import org.apache.camel.Exchange;
import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /api/v1/calendly/setup: makes sure Calendly delivers the four invitee events of the
 * whole organization to our callback URL, signed with our key. Reuses our active subscription,
 * replaces ours when Calendly disabled it (after 24 h of failed deliveries), and never touches a
 * subscription this app did not create (the table calendly_webhook_subscriptions says which).
 */
public final class WebhookSetup {

    public static final List<String> EVENTS = List.of("invitee.created", "invitee.canceled",
            "invitee_no_show.created", "invitee_no_show.deleted");

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSetup.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CalendlyClient calendly;
    private final DataSource dataSource;
    private final String configuredKey;

    public WebhookSetup(CalendlyClient calendly, DataSource dataSource, String configuredSecrets) {
        this.calendly = calendly;
        this.dataSource = dataSource;
        // with several keys configured (rotation), new subscriptions are signed with the first
        String first = configuredSecrets == null ? "" : configuredSecrets.split(",")[0].trim();
        this.configuredKey = first.isEmpty() ? null : first;
    }

    public Map<String, Object> setup(String body, Exchange exchange) throws SQLException {
        Actor actor = Actor.of(exchange);
        String callbackUrl = callbackUrl(body);
        if (!calendly.hasConfiguredToken()) {
            throw ApiException.badRequest("no Calendly API token: set CALENDLY_API_TOKEN (an organization owner's or admin's token) first");
        }
        String organization = organization();
        List<JsonNode> sameUrl = new ArrayList<>();
        for (JsonNode subscription : subscriptions(calendly, organization)) {
            if (callbackUrl.equals(subscription.path("callback_url").asText())) {
                sameUrl.add(subscription);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("callbackUrl", callbackUrl);
        answer.put("organization", organization);
        for (JsonNode existing : sameUrl) {
            String uri = existing.path("uri").asText();
            boolean ours = isOurs(uri);
            String state = existing.path("state").asText();
            if (!ours) {
                throw new ApiException(409, "subscription_not_ours", "Calendly already has a " + state
                        + " subscription for " + callbackUrl + " (" + uri + ") that this app did not create; it is left "
                        + "alone. Delete it in Calendly, or set up another callback URL");
            }
            if ("active".equals(state) && coversOurEvents(existing)) {
                answer.put("subscription", uri);
                answer.put("state", "active");
                answer.put("action", "kept");
                answer.put("signingKey", null);
                answer.put("message", "our subscription is active; nothing to do");
                return answer;
            }
            // ours but disabled (or with other events): replace it; create first would clash on the URL
            calendly.delete("/webhook_subscriptions/" + uri.substring(uri.lastIndexOf('/') + 1));
            markReplaced(uri, actor);
            answer.put("replaced", uri);
            LOG.info("Deleted our {} webhook subscription {} to replace it", state, uri);
        }
        boolean generated = configuredKey == null;
        String key = generated ? HexFormat.of().formatHex(randomBytes()) : configuredKey;
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("url", callbackUrl);
        EVENTS.forEach(request.putArray("events")::add);
        request.put("organization", organization);
        request.put("scope", "organization");
        request.put("signing_key", key);
        JsonNode created = calendly.post("/webhook_subscriptions", request);
        String uri = created == null ? null : created.path("resource").path("uri").asText(null);
        if (uri == null) {
            throw new CalendlyApiException(0, "Calendly created the subscription but did not say its uri");
        }
        record(uri, callbackUrl, organization, generated, actor);
        LOG.info("Created webhook subscription {} for {}", uri, callbackUrl);
        answer.put("subscription", uri);
        answer.put("state", created.path("resource").path("state").asText("active"));
        answer.put("action", answer.containsKey("replaced") ? "replaced" : "created");
        answer.put("signingKey", generated ? key : null);
        answer.put("message", generated
                ? "no CALENDLY_WEBHOOK_SECRET was configured, so this signing key was generated. It is shown only "
                  + "this once and not stored: set CALENDLY_WEBHOOK_SECRET to it on every instance and restart, "
                  + "or deliveries are refused (Calendly retries them for 24 hours)"
                : "signed with the configured CALENDLY_WEBHOOK_SECRET");
        return answer;
    }

    /** The organization the configured token belongs to (GET /users/me). */
    private String organization() {
        JsonNode me = calendly.get("/users/me");
        String organization = me == null ? null : me.path("resource").path("current_organization").asText(null);
        if (organization == null) {
            throw new CalendlyApiException(0, "Calendly's /users/me named no current_organization for this token");
        }
        return organization;
    }

    /** Every organization-scope subscription, all pages. */
    static List<JsonNode> subscriptions(CalendlyClient calendly, String organization) {
        List<JsonNode> all = new ArrayList<>();
        String first = "/webhook_subscriptions?organization=" + URLEncoder.encode(organization, StandardCharsets.UTF_8)
                + "&scope=organization&count=100";
        for (CalendlyClient.Page page : calendly.pages(first)) {
            all.addAll(page.items());
        }
        return all;
    }

    private static boolean coversOurEvents(JsonNode subscription) {
        Set<String> events = new TreeSet<>();
        subscription.path("events").forEach(e -> events.add(e.asText()));
        return events.containsAll(EVENTS);
    }

    private static String callbackUrl(String body) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (Exception e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {\"callbackUrl\": \"https://.../api/v1/calendly/webhook\"}");
        }
        JsonNode url = request.get("callbackUrl");
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw ApiException.badRequest("'callbackUrl' is required: the public https URL of /api/v1/calendly/webhook");
        }
        String text = url.asText().trim();
        try {
            URI uri = URI.create(text);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'callbackUrl' must be an absolute http(s) URL, not '" + text + "'");
        }
        return text;
    }

    boolean isOurs(String uri) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM calendly_webhook_subscriptions WHERE uri = ?")) {
            ps.setString(1, uri);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Our newest subscription's URI, or null. */
    String ourLatest() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT uri FROM calendly_webhook_subscriptions "
                     + "WHERE replaced_at IS NULL ORDER BY created_at DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void record(String uri, String callbackUrl, String organization, boolean generated, Actor actor) throws SQLException {
        ActingTransaction.run(dataSource, actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO calendly_webhook_subscriptions "
                     + "(uri, callback_url, organization, events, key_generated) VALUES (?, ?, ?, ?, ?) "
                     + "ON CONFLICT (uri) DO NOTHING")) {
                ps.setString(1, uri);
                ps.setString(2, callbackUrl);
                ps.setString(3, organization);
                ps.setArray(4, c.createArrayOf("text", EVENTS.toArray()));
                ps.setBoolean(5, generated);
                return ps.executeUpdate();
            }
        });
    }

    private void markReplaced(String uri, Actor actor) throws SQLException {
        ActingTransaction.run(dataSource, actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE calendly_webhook_subscriptions SET replaced_at = now() WHERE uri = ?")) {
                ps.setString(1, uri);
                return ps.executeUpdate();
            }
        });
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
