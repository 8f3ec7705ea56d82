package com.calendlysync.calendly;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CalendlyClient against a scripted HTTP server on loopback: no app, no database. */
class CalendlyClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "configured-token-123";

    private final Scripted calendly = new Scripted();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger requests = new AtomicInteger();
    private CalendlyClient client;

    @BeforeEach
    void start() {
        client = client(TOKEN);
    }

    @AfterEach
    void stop() {
        calendly.close();
    }

    private CalendlyClient client(String configuredToken) {
        return client(calendly.baseUrl() + "/", configuredToken, Duration.ofSeconds(10));
    }

    private CalendlyClient client(String baseUrl, String configuredToken, Duration timeout) {
        return new CalendlyClient(new CalendlyClient.Settings(URI.create(baseUrl), configuredToken,
                timeout, 3, 2, Duration.ofMillis(10), Duration.ofMillis(40)),
                new RateLimitPacer(), stopping::get).countingRequestsIn(requests::incrementAndGet);
    }

    @Test
    void pagesFollowNextPageUntilItIsNull() {
        calendly.answer(200, page(List.of("a", "b"), calendly.baseUrl() + "/scheduled_events?count=2&page_token=p2"));
        calendly.answer(200, page(List.of("c", "d"), calendly.baseUrl() + "/scheduled_events?count=2&page_token=p3"));
        calendly.answer(200, page(List.of("e"), null));

        List<String> items = new ArrayList<>();
        int pages = 0;
        for (CalendlyClient.Page page : client.pages("/scheduled_events?count=2")) {
            page.items().forEach(item -> items.add(item.get("name").asText()));
            pages++;
        }

        assertEquals(List.of("a", "b", "c", "d", "e"), items);
        assertEquals(3, pages);
        assertEquals(List.of("GET /scheduled_events?count=2", "GET /scheduled_events?count=2&page_token=p2",
                "GET /scheduled_events?count=2&page_token=p3"), calendly.requestLines());
        assertEquals(List.of("Bearer " + TOKEN), calendly.authorizations().stream().distinct().toList());
        assertEquals(3, requests.get());
    }

    @Test
    void aPageIsFetchedOnlyWhenTheIterationReachesIt() {
        calendly.answer(200, page(List.of("a"), calendly.baseUrl() + "/scheduled_events?page_token=p2"));

        var pages = client.pages("/scheduled_events").iterator();
        assertEquals(0, calendly.requestLines().size());
        pages.next();
        assertEquals(1, calendly.requestLines().size());
        assertTrue(pages.hasNext(), "a next page is announced, not fetched");
        assertEquals(1, calendly.requestLines().size());
    }

    @Test
    void a429IsWaitedOutForRetryAfter() {
        calendly.answer(429, error("Too Many Requests", "slow down"), "Retry-After", "1");
        calendly.answer(200, me());

        long began = System.nanoTime();
        JsonNode answer = client.get("/users/me");

        assertTrue(elapsed(began).toMillis() >= 1000, "waited " + elapsed(began).toMillis() + " ms");
        assertEquals("https://api.calendly.com/organizations/o1", answer.at("/resource/current_organization").asText());
        assertEquals(2, requests.get(), "the 429 was a request too");
    }

    @Test
    void a429WithoutRetryAfterWaitsForTheRateLimitReset() {
        calendly.answer(429, error("Too Many Requests", "slow down"), "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1");
        calendly.answer(200, me());

        long began = System.nanoTime();
        client.get("/users/me");

        assertTrue(elapsed(began).toMillis() >= 1000, "waited " + elapsed(began).toMillis() + " ms");
        assertEquals(2, calendly.requestLines().size());
    }

    @Test
    void aSpentBudgetIsWaitedForBeforeTheNextRequestInsteadOfProvokingA429() {
        calendly.answer(200, me(), "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1");
        calendly.answer(200, me());

        // the budget resets a second after the first answer came, so the second request goes no sooner
        long began = System.nanoTime();
        client.get("/users/me");
        client.get("/users/me");

        assertTrue(elapsed(began).toMillis() >= 1000, "took " + elapsed(began).toMillis() + " ms");
        assertEquals(0, calendly.rateLimited(), "no 429 was provoked");
    }

    @Test
    void tooMany429sInARowEndTheCall() {
        for (int i = 0; i < 3; i++) {
            calendly.answer(429, error("Too Many Requests", "slow down"), "Retry-After", "0");
        }
        CalendlyApiException error = assertThrows(CalendlyApiException.class, () -> client.get("/users/me"));
        assertEquals(429, error.getCalendlyStatus());
        assertTrue(error.getMessage().contains("after 2 waits"), error.getMessage());
        assertEquals(3, requests.get());
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedUntilAnAnswerComes() {
        calendly.answer(500, error("Internal Server Error", "oops"));
        calendly.answer(502, null);
        calendly.hang(6000); // far longer than the 1.5 s timeout
        calendly.answer(200, me());

        JsonNode answer = client(calendly.baseUrl(), TOKEN, Duration.ofMillis(1500)).get("/users/me");

        assertEquals("Olivia Owner", answer.at("/resource/name").asText());
        assertEquals(4, requests.get(), "every attempt counted, the timed-out one too");
    }

    @Test
    void connectionErrorsAreRetriedLikeServerErrors() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CalendlyClient nowhere = client("http://127.0.0.1:" + closedPort, TOKEN, Duration.ofSeconds(10));

        CalendlyApiException error = assertThrows(CalendlyApiException.class, () -> nowhere.get("/users/me"));

        assertEquals(0, error.getCalendlyStatus(), "no answer at all");
        assertTrue(error.getMessage().startsWith("Calendly did not answer GET http://127.0.0.1:" + closedPort
                + "/users/me successfully after 4 attempts (last: ConnectException"), error.getMessage());
        assertEquals(4, requests.get());
    }

    @Test
    void retriesEndAfterTheConfiguredNumberWithTheLastProblem() {
        for (int i = 0; i < 4; i++) {
            calendly.answer(503, null);
        }
        CalendlyApiException error = assertThrows(CalendlyApiException.class,
                () -> client.get("/scheduled_events?organization=secret-filter"));
        assertEquals("Calendly did not answer GET " + calendly.baseUrl() + "/scheduled_events successfully after 4 "
                + "attempts (last: HTTP 503)", error.getMessage());
        assertEquals(4, requests.get());
    }

    @Test
    void a401SaysWhatToFixAndIsNotRetried() {
        calendly.answer(401, error("Unauthenticated", "The access token is invalid"));

        CalendlyApiException error = assertThrows(CalendlyApiException.class,
                () -> client.withToken("job-own-token-xyz").get("/users/me"));

        assertInstanceOf(CalendlyAccessException.class, error);
        assertEquals(401, error.getCalendlyStatus());
        assertTrue(error.getMessage().startsWith("Calendly rejected the API token (401 Unauthenticated: The access "
                + "token is invalid): it is wrong, expired or revoked."), error.getMessage());
        assertTrue(error.getMessage().contains("set CALENDLY_API_TOKEN, or pass calendlyApiToken"), error.getMessage());
        assertFalse(error.getMessage().contains("job-own-token-xyz"), "the token is never in a message");
        assertEquals(List.of("Bearer job-own-token-xyz"), calendly.authorizations(), "the job's own token was used");
        assertEquals(1, requests.get());
    }

    @Test
    void a403NamesRoleScopesAndPlanAndIsNotRetried() {
        calendly.answer(403, error("Permission Denied",
                "This operation requires the scopes listed in the 'required_scopes' array"));

        CalendlyApiException error = assertThrows(CalendlyAccessException.class,
                () -> client.post("/webhook_subscriptions", JSON.createObjectNode().put("url", "https://x.example/h")));

        assertEquals(403, error.getCalendlyStatus());
        assertTrue(error.getMessage().startsWith("Calendly refused POST " + calendly.baseUrl() + "/webhook_subscriptions "
                + "(403 Permission Denied: This operation requires the scopes"), error.getMessage());
        assertTrue(error.getMessage().contains("owner or admin") && error.getMessage().contains("scopes users:read")
                && error.getMessage().contains("plan"), error.getMessage());
        assertEquals("{\"url\":\"https://x.example/h\"}", calendly.bodies().get(0));
        assertEquals(1, requests.get());
    }

    @Test
    void otherClientErrorsCarryCalendlysWords() {
        calendly.answer(404, error("Resource Not Found", "The server could not find the requested resource."));
        CalendlyApiException error = assertThrows(CalendlyApiException.class,
                () -> client.post("/scheduled_events/e1/cancellation", JSON.createObjectNode().putNull("reason")));
        assertEquals(404, error.getCalendlyStatus());
        assertEquals("Calendly answered 404 to POST " + calendly.baseUrl() + "/scheduled_events/e1/cancellation: "
                + "Resource Not Found: The server could not find the requested resource.", error.getMessage());
    }

    @Test
    void onceModeMakesOneAttemptAndSaysWhy() {
        calendly.answer(503, null);
        CalendlyApiException outage = assertThrows(CalendlyApiException.class, () -> client.once().get("/users/me"));
        assertTrue(outage.getMessage().contains("after 1 attempts (last: HTTP 503)"), outage.getMessage());

        calendly.answer(429, error("Too Many Requests", "slow down"), "Retry-After", "30");
        long began = System.nanoTime();
        CalendlyApiException limited = assertThrows(CalendlyApiException.class, () -> client.once().get("/users/me"));
        assertEquals(429, limited.getCalendlyStatus());
        assertEquals("Calendly's rate limit is reached for this token; try again in a minute", limited.getMessage());
        assertTrue(elapsed(began).toMillis() < 1000, "no waiting in once mode");
        assertEquals(2, requests.get());
    }

    @Test
    void aDeleteAnsweredWithNoContentIsFine() {
        calendly.answer(204, null);
        client.delete("/webhook_subscriptions/s1");
        assertEquals(List.of("DELETE /webhook_subscriptions/s1"), calendly.requestLines());
    }

    @Test
    void anEmptySuccessfulAnswerIsNull() {
        calendly.answer(200, null);
        assertNull(client.get("/users/me"));
    }

    @Test
    void withoutAnyTokenNothingIsSent() {
        CalendlyApiException error = assertThrows(CalendlyAccessException.class, () -> client(null).get("/users/me"));
        assertTrue(error.getMessage().startsWith("no Calendly API token: set CALENDLY_API_TOKEN"), error.getMessage());
        assertEquals(0, calendly.requestLines().size());
    }

    @Test
    void theTokenIsNeverSentToAnotherHost() {
        calendly.answer(200, page(List.of("a"), "https://elsewhere.example/scheduled_events?page_token=p2"));
        var pages = client.pages("/scheduled_events").iterator();
        pages.next();

        CalendlyApiException error = assertThrows(CalendlyApiException.class, pages::next);

        assertTrue(error.getMessage().contains("https://elsewhere.example/scheduled_events"), error.getMessage());
        assertFalse(error.getMessage().contains("page_token"), "no query in messages");
        assertEquals(1, calendly.requestLines().size());
    }

    @Test
    void aStoppingAppAbandonsAWaitAtOnce() {
        calendly.answer(429, error("Too Many Requests", "slow down"), "Retry-After", "30");
        CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(() -> client.get("/users/me"));
        await().atMost(Duration.ofSeconds(5)).until(() -> calendly.requestLines().size() == 1);

        stopping.set(true);

        await().atMost(Duration.ofSeconds(2)).until(call::isDone);
        Throwable error = assertThrows(Exception.class, call::join).getCause();
        assertInstanceOf(CalendlyCallAbandonedException.class, error);
        assertEquals(1, calendly.requestLines().size(), "nothing more was sent");
    }

    // ---- a scripted Calendly ---------------------------------------------------------------------

    private static Duration elapsed(long began) {
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private static ObjectNode page(List<String> names, String next) {
        ObjectNode page = JSON.createObjectNode();
        var collection = page.putArray("collection");
        names.forEach(name -> collection.addObject().put("name", name));
        ObjectNode pagination = page.putObject("pagination");
        pagination.put("count", names.size());
        pagination.put("next_page", next);
        return page;
    }

    private static ObjectNode me() {
        ObjectNode me = JSON.createObjectNode();
        me.putObject("resource").put("name", "Olivia Owner")
                .put("current_organization", "https://api.calendly.com/organizations/o1");
        return me;
    }

    private static ObjectNode error(String title, String message) {
        return JSON.createObjectNode().put("title", title).put("message", message);
    }

    /** Answers requests in the order they were scripted, and remembers what was asked. */
    private static final class Scripted implements AutoCloseable {

        private record Answer(int status, JsonNode body, Map<String, String> headers, long delayMillis) {
        }

        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final Deque<Answer> answers = new ArrayDeque<>();
        private final List<String> requestLines = new ArrayList<>();
        private final List<String> authorizations = new ArrayList<>();
        private final List<String> bodies = new ArrayList<>();
        private final List<Integer> statuses = new ArrayList<>();

        Scripted() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        synchronized void answer(int status, JsonNode body, String... headerPairs) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
            answers.addLast(new Answer(status, body, headers, 0));
        }

        /** The next request is answered (200) only after this long. */
        synchronized void hang(long millis) {
            answers.addLast(new Answer(200, me(), Map.of(), millis));
        }

        synchronized List<String> requestLines() {
            return new ArrayList<>(requestLines);
        }

        synchronized List<String> authorizations() {
            return new ArrayList<>(authorizations);
        }

        /** How many 429s were answered. */
        synchronized long rateLimited() {
            return statuses.stream().filter(status -> status == 429).count();
        }

        synchronized List<String> bodies() {
            return new ArrayList<>(bodies);
        }

        private void handle(HttpExchange http) throws IOException {
            try (http) {
                String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Answer answer;
                synchronized (this) {
                    requestLines.add(http.getRequestMethod() + " " + http.getRequestURI());
                    authorizations.add(http.getRequestHeaders().getFirst("Authorization"));
                    bodies.add(body);
                    answer = answers.pollFirst();
                }
                if (answer == null) {
                    answer = new Answer(500, error("Unscripted", "no answer scripted for this request"), Map.of(), 0);
                }
                synchronized (this) {
                    statuses.add(answer.status());
                }
                if (answer.delayMillis() > 0) {
                    Thread.sleep(answer.delayMillis());
                }
                answer.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
                byte[] bytes = answer.body() == null ? new byte[0] : answer.body().toString().getBytes(StandardCharsets.UTF_8);
                http.getResponseHeaders().set("Content-Type", "application/json");
                http.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = http.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
