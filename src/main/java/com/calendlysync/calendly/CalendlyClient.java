package com.calendlysync.calendly;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import com.calendlysync.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call to Calendly's REST API, with the JDK's HttpClient. Paces itself on
 * X-RateLimit-Remaining / X-RateLimit-Reset (waiting for the reset instead of provoking a 429),
 * waits out a 429 (Retry-After, else X-RateLimit-Reset), retries 5xx, 408, timeouts and
 * connection errors with exponential back-off, and stops on 401/403 with a message that says
 * what to fix. Lists are read page by page, following pagination.next_page until it is null.
 *
 * <p>A client is immutable; {@link #withToken}, {@link #countingRequestsIn} and {@link #once}
 * give a variant that shares the connection pool and the rate-limit budgets. The token is never
 * logged nor put in a message, and URLs are logged without their query (page tokens, filters).
 * Once the app is stopping no call waits any more (rate limit, back-off): it is abandoned with
 * {@link CalendlyCallAbandonedException}.
 */
public final class CalendlyClient {

    /** What every call shares: where Calendly is, the configured token, how long and how hard to try. */
    public record Settings(URI baseUrl, String configuredToken, Duration timeout, int maxRetries,
                           int maxRateLimitWaits, Duration firstBackoff, Duration maxBackoff) {

        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String base = baseUrl.toString();
            baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
            configuredToken = configuredToken == null || configuredToken.isBlank() ? null : configuredToken.trim();
        }
    }

    /** One page of a list: its items and the URL of the next page (null on the last). */
    public record Page(List<JsonNode> items, String nextPageUrl) {

        static Page of(JsonNode answer) {
            List<JsonNode> items = new ArrayList<>();
            JsonNode collection = answer == null ? null : answer.get("collection");
            if (collection != null && collection.isArray()) {
                collection.forEach(items::add);
            }
            String next = answer == null ? null : answer.path("pagination").path("next_page").asText(null);
            return new Page(List.copyOf(items), next == null || next.isBlank() ? null : next);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(CalendlyClient.class);
    private static final Duration WAIT_SLICE = Duration.ofMillis(200);

    private final Settings settings;
    private final HttpClient http;
    private final RateLimitPacer pacer;
    private final BooleanSupplier stopping;
    /** A job's own token; null: the configured one. */
    private final String token;
    private final ApiRequestCounter counter;
    private final boolean once;

    public CalendlyClient(Settings settings, RateLimitPacer pacer, BooleanSupplier stopping) {
        this(settings, HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                // our pacing and retries decide; one protocol keeps a plain-http simulator or proxy simple
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), pacer, stopping, null, null, false);
    }

    private CalendlyClient(Settings settings, HttpClient http, RateLimitPacer pacer, BooleanSupplier stopping,
                           String token, ApiRequestCounter counter, boolean once) {
        this.settings = settings;
        this.http = http;
        this.pacer = pacer;
        this.stopping = stopping;
        this.token = token;
        this.counter = counter;
        this.once = once;
    }

    public boolean hasConfiguredToken() {
        return settings.configuredToken() != null;
    }

    public String baseUrl() {
        return settings.baseUrl().toString();
    }

    /** Calls with this token (an import's own) instead of the configured one; null or blank: the configured one. */
    public CalendlyClient withToken(String jobToken) {
        String own = jobToken == null || jobToken.isBlank() ? null : jobToken.trim();
        return new CalendlyClient(settings, http, pacer, stopping, own, counter, once);
    }

    /** Every attempt, failed ones included, is counted here (a job's API requests). */
    public CalendlyClient countingRequestsIn(ApiRequestCounter requests) {
        return new CalendlyClient(settings, http, pacer, stopping, token, requests, once);
    }

    /**
     * For calls a person waits on (the status page): one attempt, no waiting out a 429 or an
     * outage; the error says what happened instead.
     */
    public CalendlyClient once() {
        return new CalendlyClient(settings, http, pacer, stopping, token, counter, true);
    }

    /** GET a path under the base URL (/users/me) or a full URL Calendly gave (next_page). */
    public JsonNode get(String pathOrUrl) {
        return call("GET", pathOrUrl, null);
    }

    public JsonNode post(String path, JsonNode body) {
        return call("POST", path, body);
    }

    public void delete(String path) {
        call("DELETE", path, null);
    }

    /**
     * The pages of a list, from this one on: each is fetched when the iteration reaches it,
     * following pagination.next_page until Calendly gives none.
     */
    public Iterable<Page> pages(String firstPathOrUrl) {
        return () -> new Iterator<>() {
            private String next = firstPathOrUrl;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Page next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Page page = Page.of(get(next));
                next = page.nextPageUrl();
                return page;
            }
        };
    }

    private JsonNode call(String method, String pathOrUrl, JsonNode body) {
        String bearer = token != null ? token : settings.configuredToken();
        if (bearer == null) {
            throw new CalendlyAccessException(0, "no Calendly API token: set CALENDLY_API_TOKEN "
                    + "(a personal access token from Calendly, Integrations > API & Webhooks)");
        }
        URI target = target(pathOrUrl);
        String what = method + " " + withoutQuery(target);
        HttpRequest request = request(method, target, bearer, body);
        int failures = 0;
        int rateLimited = 0;
        while (true) {
            try {
                pacer.awaitTurn(bearer, stopping);
            } catch (InterruptedException e) {
                throw abandoned(what);
            }
            if (counter != null) {
                counter.countApiRequest();
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // no answer at all (refused, reset, timed out): retried like a 5xx
                failures = backOff(what, failures + 1, e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getClass().getSimpleName() + ": " + e.getMessage());
                continue;
            } catch (InterruptedException e) {
                throw abandoned(what);
            }
            int status = response.statusCode();
            pacer.observe(bearer, number(response, "X-RateLimit-Remaining"), number(response, "X-RateLimit-Reset"));
            if (status >= 200 && status < 300) {
                return json(response.body(), what, status);
            }
            if (status == 429) {
                rateLimited++;
                waitOutRateLimit(bearer, what, rateLimited, response);
                continue;
            }
            if (status >= 500 || status == 408) {
                failures = backOff(what, failures + 1, "HTTP " + status);
                continue;
            }
            throw refused(status, what, response.body());
        }
    }

    private HttpRequest request(String method, URI target, String bearer, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json");
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(body);
            return builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("a request body for Calendly could not be written as JSON", e);
        }
    }

    /** A path goes under the base URL; a full URL (next_page) must point at the same host: the token goes nowhere else. */
    private URI target(String pathOrUrl) {
        if (pathOrUrl.startsWith("/")) {
            return URI.create(settings.baseUrl() + pathOrUrl);
        }
        URI url = URI.create(pathOrUrl);
        URI base = settings.baseUrl();
        if (!Objects.equals(url.getScheme(), base.getScheme()) || !Objects.equals(url.getHost(), base.getHost())
                || url.getPort() != base.getPort()) {
            throw new CalendlyApiException(0, "Calendly gave a link to another server (" + withoutQuery(url)
                    + ") than CALENDLY_API_BASE_URL (" + base + "); the API token is only sent to the latter");
        }
        return url;
    }

    private void waitOutRateLimit(String bearer, String what, int waits, HttpResponse<byte[]> response) {
        if (once) {
            throw new CalendlyApiException(429, "Calendly's rate limit is reached for this token; try again in a minute");
        }
        if (waits > settings.maxRateLimitWaits()) {
            throw new CalendlyApiException(429, "Calendly kept answering 429 (rate limit) to " + what + " after "
                    + settings.maxRateLimitWaits() + " waits; another integration may be using up this user's budget");
        }
        Long pause = number(response, "Retry-After");
        if (pause == null) {
            pause = number(response, "X-RateLimit-Reset");
        }
        Duration wait = Duration.ofSeconds(pause == null ? 60 : Math.max(1, pause));
        LOG.info("Calendly rate limit reached on {}: waiting {} s", what, wait.toSeconds());
        pacer.block(bearer, wait);
    }

    /** After a failed attempt: waits the back-off for this many failures, or gives up. Returns the failures. */
    private int backOff(String what, int failures, String problem) {
        if (failures > settings.maxRetries() || once) {
            throw new CalendlyApiException(0, "Calendly did not answer " + what + " successfully after "
                    + failures + " attempts (last: " + problem + ")");
        }
        long base = Math.min(settings.maxBackoff().toMillis(),
                settings.firstBackoff().toMillis() << Math.min(20, failures - 1));
        long delay = base + ThreadLocalRandom.current().nextLong(base / 5 + 1);
        LOG.warn("Calendly {} failed ({}), attempt {} of {}: retrying in {} ms", what, problem, failures,
                settings.maxRetries() + 1, delay);
        long until = System.nanoTime() + Duration.ofMillis(delay).toNanos();
        try {
            for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
                if (stopping.getAsBoolean()) {
                    throw new CalendlyCallAbandonedException(what);
                }
                Thread.sleep(Math.max(1, Math.min(left, WAIT_SLICE.toNanos()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            throw abandoned(what);
        }
        return failures;
    }

    /** After an InterruptedException: ours (the pacer saw the app stopping) or a real interrupt of the thread. */
    private CalendlyCallAbandonedException abandoned(String what) {
        if (!stopping.getAsBoolean()) {
            // a real interrupt: the thread's owner should still see it
            Thread.currentThread().interrupt();
        }
        return new CalendlyCallAbandonedException(what);
    }

    private static JsonNode json(byte[] body, String what, int status) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode answer = Json.MAPPER.readTree(body);
            return answer == null || answer.isMissingNode() ? null : answer;
        } catch (IOException e) {
            throw new CalendlyApiException(status, "Calendly answered " + what + " with a body that is not JSON");
        }
    }

    private static CalendlyApiException refused(int status, String what, byte[] body) {
        String calendlySays = calendlyMessage(body);
        if (status == 401) {
            return new CalendlyAccessException(401, "Calendly rejected the API token (401" + calendlySays
                    + "): it is wrong, expired or revoked. Create a personal access token in Calendly "
                    + "(Integrations > API & Webhooks) and set CALENDLY_API_TOKEN, or pass calendlyApiToken");
        }
        if (status == 403) {
            return new CalendlyAccessException(403, "Calendly refused " + what + " (403" + calendlySays
                    + "). Check that the token's user is an owner or admin of the organization, that the token "
                    + "has the scopes users:read, scheduled_events:read/write and webhooks:read/write, and that "
                    + "the Calendly plan allows it (webhook subscriptions work on every plan, Free included, since "
                    + "2026-11-03; only routing-form, meeting-recap and contact events need a plan feature)");
        }
        return new CalendlyApiException(status, "Calendly answered " + status + " to " + what
                + (calendlySays.isEmpty() ? "" : ":" + calendlySays));
    }

    /** Calendly's own words from an error body {"title", "message"}, for our message. */
    private static String calendlyMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode error = Json.MAPPER.readTree(body);
            String title = error.path("title").asText("");
            String text = error.path("message").asText("");
            String said = (title + (title.isEmpty() || text.isEmpty() ? "" : ": ") + text).trim();
            return said.isEmpty() ? "" : " " + said;
        } catch (IOException e) {
            return "";
        }
    }

    private static String withoutQuery(URI url) {
        String text = url.toString();
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }

    /** A header holding seconds (whole or not); null when absent or not a number (Retry-After as a date). */
    private static Long number(HttpResponse<?> response, String header) {
        return response.headers().firstValue(header).map(value -> {
            try {
                return (long) Math.ceil(Double.parseDouble(value.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}
