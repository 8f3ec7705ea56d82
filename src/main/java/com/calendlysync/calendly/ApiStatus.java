package com.calendlysync.calendly;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.calendlysync.IntegrationStatus;
import com.calendlysync.imports.ImportRequests;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The Calendly API side of GET /api/v1/calendly/status: is the token valid and whose
 * organization is it, is our webhook subscription active, how did the last reconciliation go.
 * Calendly is asked at most once a minute (one attempt, no waiting), so the status page stays
 * fast and never eats into an import's rate-limit budget.
 */
public final class ApiStatus {

    private final CalendlyApi api;
    private final WebhookSetup setup;
    private final ImportRequests jobs;
    private final IntegrationStatus integration;
    private final Duration cacheFor;
    private volatile long checkedAtNanos;
    private volatile Map<String, Object> cachedToken;
    private volatile Map<String, Object> cachedSubscription;

    public ApiStatus(CalendlyApi api, WebhookSetup setup, ImportRequests jobs, IntegrationStatus integration, Duration cacheFor) {
        this.api = api;
        this.setup = setup;
        this.jobs = jobs;
        this.integration = integration;
        this.cacheFor = cacheFor;
    }

    /** Adds apiToken, subscription and lastReconciliation to the status the webhook side built. */
    public Map<String, Object> extend(Map<String, Object> status, Exchange exchange) throws SQLException {
        CamelContext context = exchange.getContext();
        Map<String, Object> extended = new LinkedHashMap<>(status);
        refresh(context);
        extended.put("apiToken", cachedToken);
        extended.put("subscription", cachedSubscription);
        extended.put("lastReconciliation", jobs.lastReconciliation());
        return extended;
    }

    /** Forget what Calendly said (after setup changed it). */
    public void invalidate() {
        checkedAtNanos = 0;
        cachedToken = null;
    }

    private synchronized void refresh(CamelContext context) throws SQLException {
        if (cachedToken != null && System.nanoTime() - checkedAtNanos < cacheFor.toNanos()) {
            return;
        }
        Map<String, Object> token = new LinkedHashMap<>();
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("state", "unknown");
        subscription.put("callbackUrl", null);
        subscription.put("ours", null);
        token.put("configured", api.hasConfiguredToken());
        token.put("valid", null);
        token.put("organization", null);
        token.put("message", null);
        if (!api.hasConfiguredToken()) {
            token.put("message", "no CALENDLY_API_TOKEN: import, reconciliation, setup and cancel are off");
        } else {
            String organization = null;
            try {
                JsonNode me = api.call(context, "GET", "/users/me", null, true);
                organization = me.path("resource").path("current_organization").asText(null);
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
                    subscription.putAll(subscription(context, organization));
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
    private Map<String, Object> subscription(CamelContext context, String organization) throws SQLException {
        String ours = setup.ourLatest();
        JsonNode found = null;
        for (JsonNode candidate : WebhookSetup.subscriptions(context, api, organization, true)) {
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
