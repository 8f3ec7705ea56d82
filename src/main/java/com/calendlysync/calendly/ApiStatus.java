package com.calendlysync.calendly;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.calendlysync.webhook.IntegrationStatus;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Calendly API side of GET /api/v1/calendly/status: is the token valid and whose
 * organization is it, is our webhook subscription active, how did the last reconciliation go.
 * Calendly is asked at most once a minute (one attempt, no waiting), so the status page stays
 * fast and never eats into an import's rate-limit budget.
 */
public final class ApiStatus {

    /** The last reconciliation run as the status shows it (null when none ran yet). */
    @FunctionalInterface
    public interface LastReconciliation {
        Map<String, Object> describe() throws SQLException;
    }

    private final CalendlyClient calendly;
    private final WebhookSetup setup;
    private final LastReconciliation lastReconciliation;
    private final IntegrationStatus integration;
    private final Duration cacheFor;
    private volatile long checkedAtNanos;
    private volatile Map<String, Object> cachedToken;
    private volatile Map<String, Object> cachedSubscription;

    public ApiStatus(CalendlyClient calendly, WebhookSetup setup, LastReconciliation lastReconciliation,
                     IntegrationStatus integration, Duration cacheFor) {
        // one attempt per call: the page stays fast and never eats into an import's budget
        this.calendly = calendly.once();
        this.setup = setup;
        this.lastReconciliation = lastReconciliation;
        this.integration = integration;
        this.cacheFor = cacheFor;
    }

    /** Adds apiToken, subscription and lastReconciliation to the status the webhook side built. */
    public Map<String, Object> extend(Map<String, Object> status) throws SQLException {
        Map<String, Object> extended = new LinkedHashMap<>(status);
        refresh();
        extended.put("apiToken", cachedToken);
        extended.put("subscription", cachedSubscription);
        extended.put("lastReconciliation", lastReconciliation.describe());
        return extended;
    }

    /** Forget what Calendly said (after setup changed it). */
    public void invalidate() {
        checkedAtNanos = 0;
        cachedToken = null;
    }

    private synchronized void refresh() throws SQLException {
        if (cachedToken != null && System.nanoTime() - checkedAtNanos < cacheFor.toNanos()) {
            return;
        }
        Map<String, Object> token = new LinkedHashMap<>();
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("state", "unknown");
        subscription.put("callbackUrl", null);
        subscription.put("ours", null);
        token.put("configured", calendly.hasConfiguredToken());
        token.put("valid", null);
        token.put("organization", null);
        token.put("message", null);
        if (!calendly.hasConfiguredToken()) {
            token.put("message", "no CALENDLY_API_TOKEN: import, reconciliation, setup and cancel are off");
        } else {
            String organization = null;
            try {
                JsonNode me = calendly.get("/users/me");
                organization = me == null ? null : me.path("resource").path("current_organization").asText(null);
                token.put("valid", true);
                token.put("organization", organization);
            } catch (CalendlyAccessException e) {
                token.put("valid", false);
                token.put("message", e.getMessage());
            } catch (CalendlyApiException e) {
                token.put("message", "could not check the token: " + e.getMessage());
            }
            if (organization != null) {
                try {
                    subscription.putAll(subscription(organization));
                } catch (CalendlyApiException e) {
                    subscription.put("message", "could not list webhook subscriptions: " + e.getMessage());
                }
            }
        }
        cachedToken = token;
        cachedSubscription = subscription;
        checkedAtNanos = System.nanoTime();
    }

    /** Ours first (the newest we created), else any subscription to our webhook URL. */
    private Map<String, Object> subscription(String organization) throws SQLException {
        String ours = setup.ourLatest();
        JsonNode found = null;
        for (JsonNode candidate : WebhookSetup.subscriptions(calendly, organization)) {
            String uri = candidate.path("uri").asText();
            if (uri.equals(ours)) {
                found = candidate;
                break;
            }
            if (found == null && integration.webhookUrl().equals(candidate.path("callback_url").asText())) {
                found = candidate;
            }
        }
        Map<String, Object> subscription = new LinkedHashMap<>();
        if (found == null) {
            subscription.put("state", "missing");
            subscription.put("callbackUrl", null);
            subscription.put("ours", null);
            return subscription;
        }
        subscription.put("state", found.path("state").asText("unknown"));
        subscription.put("callbackUrl", found.path("callback_url").asText(null));
        subscription.put("ours", setup.isOurs(found.path("uri").asText()));
        return subscription;
    }
}
