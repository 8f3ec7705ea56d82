package com.calendlysync.calendly;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of route calendly-api (routes/calendly-api.yaml) around its camel-http call: which
 * token and URL, pacing on the rate-limit headers, and what each answer means (retry after a
 * 429, back off after a 5xx or a timeout, stop with a message that says what to fix after a
 * 401/403). The token never appears in a log line or an error message.
 *
 * Route contract: header CalendlyApiUrl (a path under CALENDLY_API_BASE_URL or a full URL
 * such as Calendly's next_page), header CalendlyApiMethod (GET by default), the body (a Map
 * or JsonNode sent as JSON, or null), property CalendlyApiToken (a job's own token; else the
 * configured one), property CalendlyApiCounter (an ApiRequestCounter). Out: the answer's JSON
 * as a JsonNode (null for 204) and header CalendlyApiStatus.
 */
public final class CalendlyApi {

    public static final String TOKEN = "CalendlyApiToken";
    public static final String COUNTER = "CalendlyApiCounter";
    /** Set (true) for calls a person waits on (status page): one attempt, no waiting out 429s or outages. */
    public static final String NO_RETRY = "CalendlyApiNoRetry";
    private static final String AGAIN = "CalendlyApiAgain";
    private static final String TARGET = "CalendlyApiTarget";
    private static final String METHOD = "CalendlyApiMethodUsed";
    private static final String REQUEST_BODY = "CalendlyApiRequestBody";
    private static final String FAILURES = "CalendlyApiFailures";
    private static final String RATE_LIMITED = "CalendlyApiRateLimited";
    private static final String TRANSPORT_ERROR = "CalendlyApiTransportError";

    private static final Logger LOG = LoggerFactory.getLogger(CalendlyApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String configuredToken;
    private final RateLimitPacer pacer;
    private final int maxRetries;
    private final int maxRateLimitWaits;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private volatile ProducerTemplate template;

    public CalendlyApi(String baseUrl, String configuredToken, RateLimitPacer pacer, int maxRetries,
                       int maxRateLimitWaits, Duration firstBackoff, Duration maxBackoff) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.configuredToken = configuredToken == null || configuredToken.isBlank() ? null : configuredToken.trim();
        this.pacer = pacer;
        this.maxRetries = maxRetries;
        this.maxRateLimitWaits = maxRateLimitWaits;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    public boolean hasConfiguredToken() {
        return configuredToken != null;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** One call from Java (setup, status, cancel), through the same route as the import's calls. */
    public JsonNode call(CamelContext context, String method, String url, Object body) {
        return call(context, method, url, body, false);
    }

    public JsonNode call(CamelContext context, String method, String url, Object body, boolean once) {
        ProducerTemplate producer = template;
        if (producer == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                producer = template;
            }
        }
        Exchange result = producer.send("direct:calendly-api", exchange -> {
            exchange.getMessage().setHeader("CalendlyApiUrl", url);
            exchange.getMessage().setHeader("CalendlyApiMethod", method);
            exchange.getMessage().setBody(body);
            if (once) {
                exchange.setProperty(NO_RETRY, true);
            }
        });
        if (result.getException() != null) {
            if (result.getException() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CalendlyApiException(0, result.getException().getMessage());
        }
        return result.getMessage().getBody(JsonNode.class);
    }

    public void begin(Exchange exchange) throws IOException {
        String token = exchange.getProperty(TOKEN, String.class);
        if (token == null || token.isBlank()) {
            token = configuredToken;
        }
        if (token == null) {
            throw new CalendlyAccessException(0, "no Calendly API token: set CALENDLY_API_TOKEN "
                    + "(a personal access token from Calendly, Integrations > API & Webhooks)");
        }
        exchange.setProperty(TOKEN, token);
        String url = exchange.getMessage().getHeader("CalendlyApiUrl", String.class);
        exchange.setProperty(TARGET, url.startsWith("/") ? baseUrl + url : url);
        String method = exchange.getMessage().getHeader("CalendlyApiMethod", "GET", String.class);
        exchange.setProperty(METHOD, method);
        Object body = exchange.getMessage().getBody();
        exchange.setProperty(REQUEST_BODY, body == null ? null
                : body instanceof String text ? text : JSON.writeValueAsString(body));
        exchange.setProperty(AGAIN, true);
        exchange.setProperty(FAILURES, 0);
        exchange.setProperty(RATE_LIMITED, 0);
    }

    public void prepare(Exchange exchange) throws InterruptedException {
        String token = exchange.getProperty(TOKEN, String.class);
        pacer.awaitTurn(token, () -> stopping(exchange));
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("Authorization", "Bearer " + token);
        message.setHeader("Accept", "application/json");
        message.setHeader(Exchange.HTTP_URI, exchange.getProperty(TARGET));
        message.setHeader(Exchange.HTTP_METHOD, exchange.getProperty(METHOD));
        String body = exchange.getProperty(REQUEST_BODY, String.class);
        if (body != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        message.setBody(body);
        exchange.removeProperty(TRANSPORT_ERROR);
        ApiRequestCounter counter = exchange.getProperty(COUNTER, ApiRequestCounter.class);
        if (counter != null) {
            counter.countApiRequest();
        }
    }

    /** The request never got an answer (refused, reset, timed out): retried like a 5xx. */
    public void transportFailed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.setProperty(TRANSPORT_ERROR, error == null ? "no answer"
                : error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    public void interpret(Exchange exchange) throws InterruptedException, IOException {
        var message = exchange.getMessage();
        String token = exchange.getProperty(TOKEN, String.class);
        String what = exchange.getProperty(METHOD) + " " + describe(exchange.getProperty(TARGET, String.class));
        String transportError = exchange.getProperty(TRANSPORT_ERROR, String.class);
        if (transportError != null) {
            retryLater(exchange, what, transportError);
            return;
        }
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        pacer.observe(token, number(message.getHeader("X-RateLimit-Remaining")),
                number(message.getHeader("X-RateLimit-Reset")));
        String text = message.getBody(String.class);
        if (status >= 200 && status < 300) {
            exchange.setProperty(AGAIN, false);
            message.removeHeaders("*");
            message.setHeader("CalendlyApiStatus", status);
            message.setBody(text == null || text.isBlank() ? null : JSON.readTree(text));
            return;
        }
        if (status == 429 && exchange.getProperty(NO_RETRY, false, Boolean.class)) {
            throw new CalendlyApiException(429, "Calendly's rate limit is reached for this token; try again in a minute");
        }
        if (status == 429) {
            int waits = exchange.getProperty(RATE_LIMITED, 0, Integer.class) + 1;
            exchange.setProperty(RATE_LIMITED, waits);
            if (waits > maxRateLimitWaits) {
                throw new CalendlyApiException(429, "Calendly kept answering 429 (rate limit) to " + what
                        + " after " + maxRateLimitWaits + " waits; another integration may be using up this user's budget");
            }
            Long pause = number(message.getHeader("Retry-After"));
            if (pause == null) {
                pause = number(message.getHeader("X-RateLimit-Reset"));
            }
            Duration wait = Duration.ofSeconds(pause == null ? 60 : Math.max(1, pause));
            LOG.info("Calendly rate limit reached on {}: waiting {} s", what, wait.toSeconds());
            pacer.block(token, wait);
            exchange.setProperty(AGAIN, true);
            return;
        }
        if (status >= 500 || status == 408) {
            retryLater(exchange, what, "HTTP " + status);
            return;
        }
        String calendlySays = calendlyMessage(text);
        if (status == 401) {
            throw new CalendlyAccessException(401, "Calendly rejected the API token (401" + calendlySays
                    + "): it is wrong, expired or revoked. Create a personal access token in Calendly "
                    + "(Integrations > API & Webhooks) and set CALENDLY_API_TOKEN, or pass calendlyApiToken");
        }
        if (status == 403) {
            throw new CalendlyAccessException(403, "Calendly refused " + what + " (403" + calendlySays
                    + "). Check that the token's user is an owner or admin of the organization, that the token "
                    + "has the scopes users:read, scheduled_events:read/write and webhooks:read/write, and that "
                    + "the Calendly plan allows it (webhook subscriptions work on every plan, Free included, since "
                    + "2026-11-03; only routing-form, meeting-recap and contact events need a plan feature)");
        }
        throw new CalendlyApiException(status, "Calendly answered " + status + " to " + what
                + (calendlySays.isEmpty() ? "" : ":" + calendlySays));
    }

    private void retryLater(Exchange exchange, String what, String problem) throws InterruptedException {
        int failures = exchange.getProperty(FAILURES, 0, Integer.class) + 1;
        exchange.setProperty(FAILURES, failures);
        if (failures > maxRetries || exchange.getProperty(NO_RETRY, false, Boolean.class)) {
            throw new CalendlyApiException(0, "Calendly did not answer " + what + " successfully after "
                    + failures + " attempts (last: " + problem + ")");
        }
        long base = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(20, failures - 1));
        long delay = base + ThreadLocalRandom.current().nextLong(base / 5 + 1);
        LOG.warn("Calendly {} failed ({}), attempt {} of {}: retrying in {} ms", what, problem, failures,
                maxRetries + 1, delay);
        long until = System.nanoTime() + Duration.ofMillis(delay).toNanos();
        while (System.nanoTime() - until < 0) {
            if (stopping(exchange)) {
                throw new InterruptedException("stopping while backing off from Calendly errors");
            }
            Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
        exchange.setProperty(AGAIN, true);
    }

    private static boolean stopping(Exchange exchange) {
        CamelContext context = exchange.getContext();
        return context.isStopping() || context.isStopped();
    }

    /** Calendly's own words from an error body {"title","message"}, for our message. */
    private static String calendlyMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body);
            String title = error.path("title").asText("");
            String text = error.path("message").asText("");
            String said = (title + (title.isEmpty() || text.isEmpty() ? "" : ": ") + text).trim();
            return said.isEmpty() ? "" : " " + said;
        } catch (IOException e) {
            return "";
        }
    }

    /** The URL without its query: page tokens and filters do not belong in log lines. */
    private static String describe(String url) {
        int query = url == null ? -1 : url.indexOf('?');
        return query < 0 ? String.valueOf(url) : url.substring(0, query);
    }

    private static Long number(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return (long) Math.ceil(Double.parseDouble(value.toString().trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A request body as Calendly wants it, keys in the given order. */
    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }
}
