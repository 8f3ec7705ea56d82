package com.calendlysync.calendly;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Calendly API v2 stand-in on loopback for tests and the benchmark, shaped after
 * shared/calendly-api-facts.md: /users/me, scheduled events and their invitees (both paginated
 * with next_page URLs), the token check (401 / 403), rate limits (per-token fixed window with
 * X-RateLimit-* headers and 429), injected 5xx blips and 429s, webhook subscriptions, event
 * cancellation and the organization's memberships (paginated). It also tells which webhook deliveries Calendly would have sent for its history,
 * so a test can compare an import with the equivalent webhooks.
 */
public final class CalendlySimulator implements AutoCloseable {

    public static final String API = "https://api.calendly.com";
    public static final String ORGANIZATION = API + "/organizations/5b0c3a2e-0d1f-4e2a-9c4b-7f6e5d4c3b2a";
    public static final String USER = API + "/users/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    public static final String TOKEN = "sim-token-ok";
    public static final String TOKEN_NO_SCOPE = "sim-token-no-scope";
    public static final String TOKEN_FREE_PLAN = "sim-token-free-plan";
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Host(String userUri, String email, String name) {
    }

    public static final class Event {
        public final String uuid;
        public final ObjectNode json;
        public final List<ObjectNode> invitees = new ArrayList<>();
        /** The event as it was when booked (what invitee.created embedded). */
        ObjectNode atBooking;

        Event(String uuid, ObjectNode json) {
            this.uuid = uuid;
            this.json = json;
        }

        public String uri() {
            return json.get("uri").asText();
        }
    }

    private record Fault(String pathPrefix, int status, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Event> eventsByUuid = new ConcurrentHashMap<>();
    /** invitee uri -> its version at booking time */
    private final Map<String, ObjectNode> inviteesAtBooking = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
    private final List<ObjectNode> memberships = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, AtomicLong> requestsByKind = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final List<String> seenRequestLines = new ArrayList<>();
    private volatile int rateLimit;
    private volatile long windowMillis = 60_000;
    private long windowStart;
    private int windowUsed;
    private volatile long latencyMillis;
    private volatile int inviteePageSize = 100;
    private volatile boolean freePlan;
    private volatile boolean dataComplianceAllowed = true;
    private final List<String> deletionRequests = new ArrayList<>();

    public CalendlySimulator() {
        // headers and body go out as separate writes: without TCP_NODELAY every answer waits for a delayed ACK (40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pool = Executors.newFixedThreadPool(16);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- controls ------------------------------------------------------------------------------

    /** A fixed-window limit per token, as Calendly announces it (0: none). */
    public synchronized void rateLimit(int perWindow, long windowMillis) {
        this.rateLimit = perWindow;
        this.windowMillis = windowMillis;
        this.windowStart = 0; // the first request opens the first window
        this.windowUsed = 0;
    }

    /** A Free Calendly plan: no webhook subscriptions. */
    public void freePlan(boolean free) {
        this.freePlan = free;
    }

    /** Whether the token may use the Data Compliance API (an Enterprise organization with data_compliance:write). */
    public void dataCompliance(boolean allowed) {
        dataComplianceAllowed = allowed;
    }

    /** The emails Calendly was asked to delete, in order. */
    public synchronized List<String> deletionRequests() {
        return new ArrayList<>(deletionRequests);
    }

    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    /** Calendly lists at most this many invitees per page, whatever count asks (to exercise paging). */
    public void inviteePageSize(int size) {
        this.inviteePageSize = size;
    }

    /** The next request whose path starts with prefix gets this answer instead. */
    public synchronized void failNext(String pathPrefix, int status, Map<String, String> headers) {
        faults.addLast(new Fault(pathPrefix, status, headers));
    }

    public long requests() {
        return requests.get();
    }

    public long requests(String kind) {
        AtomicLong count = requestsByKind.get(kind);
        return count == null ? 0 : count.get();
    }

    public long rateLimitedAnswers() {
        return rateLimited.get();
    }

    public synchronized List<String> requestLines() {
        return new ArrayList<>(seenRequestLines);
    }

    public synchronized void resetCounters() {
        requests.set(0);
        rateLimited.set(0);
        requestsByKind.clear();
        seenRequestLines.clear();
    }

    // ---- history -------------------------------------------------------------------------------

    public synchronized Event addEvent(Instant start, int minutes, String name, List<Host> hosts) {
        String uuid = UUID.randomUUID().toString();
        // booked three days ahead, and never in the future
        Instant threeDaysBefore = start.minusSeconds(86_400 * 3);
        Instant yesterday = Instant.now().minusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant created = threeDaysBefore.isBefore(yesterday) ? threeDaysBefore : yesterday;
        ObjectNode event = JSON.createObjectNode();
        ObjectNode calendar = JSON.createObjectNode();
        calendar.put("external_id", "ext-" + uuid.substring(0, 8));
        calendar.put("kind", "google");
        event.set("calendar_event", calendar);
        event.put("created_at", TIME.format(created));
        event.put("end_time", TIME.format(start.plusSeconds(minutes * 60L)));
        ArrayNode guests = event.putArray("event_guests");
        ArrayNode memberships = event.putArray("event_memberships");
        for (Host host : hosts) {
            ObjectNode membership = memberships.addObject();
            membership.put("buffered_end_time", TIME.format(start.plusSeconds(minutes * 60L)));
            membership.put("buffered_start_time", TIME.format(start));
            membership.put("user", host.userUri());
            membership.put("user_email", host.email());
            membership.put("user_name", host.name());
        }
        event.put("event_type", API + "/event_types/et-" + name.length());
        ObjectNode counter = JSON.createObjectNode();
        counter.put("total", 0);
        counter.put("active", 0);
        counter.put("limit", 1);
        event.set("invitees_counter", counter);
        ObjectNode location = JSON.createObjectNode();
        location.put("join_url", "https://meet.google.com/" + uuid.substring(0, 12));
        location.put("status", "pushed");
        location.put("type", "google_conference");
        event.set("location", location);
        event.putNull("meeting_notes_html");
        event.putNull("meeting_notes_plain");
        event.put("name", name);
        event.put("start_time", TIME.format(start));
        event.put("status", "active");
        event.put("updated_at", TIME.format(created));
        event.put("uri", API + "/scheduled_events/" + uuid);
        Event e = new Event(uuid, event);
        events.add(e);
        events.sort(Comparator.comparing((Event x) -> x.json.get("start_time").asText()).thenComparing(x -> x.uuid));
        eventsByUuid.put(uuid, e);
        return e;
    }

    public synchronized ObjectNode addInvitee(Event event, String name, String email) {
        String uuid = UUID.randomUUID().toString();
        Instant created = Instant.parse(event.json.get("created_at").asText()).plusSeconds(event.invitees.size() * 60L);
        ObjectNode invitee = JSON.createObjectNode();
        invitee.put("cancel_url", "https://calendly.com/cancellations/" + uuid);
        invitee.put("created_at", TIME.format(created));
        invitee.put("email", email);
        invitee.put("event", event.uri());
        invitee.putNull("first_name");
        invitee.putNull("invitee_scheduled_by");
        invitee.putNull("last_name");
        invitee.put("name", name);
        invitee.putNull("new_invitee");
        invitee.putNull("no_show");
        invitee.putNull("old_invitee");
        invitee.putNull("payment");
        ArrayNode answers = invitee.putArray("questions_and_answers");
        ObjectNode qa = answers.addObject();
        qa.put("answer", "About " + name);
        qa.put("position", 0);
        qa.put("question", "What is this about?");
        invitee.putNull("reconfirmation");
        invitee.put("reschedule_url", "https://calendly.com/reschedulings/" + uuid);
        invitee.put("rescheduled", false);
        invitee.putNull("routing_form_submission");
        invitee.putNull("scheduling_method");
        invitee.put("status", "active");
        invitee.putNull("text_reminder_number");
        invitee.put("timezone", "Europe/Oslo");
        ObjectNode tracking = JSON.createObjectNode();
        tracking.put("utm_campaign", "spring");
        tracking.putNull("utm_source");
        tracking.putNull("utm_medium");
        tracking.putNull("utm_content");
        tracking.putNull("utm_term");
        tracking.putNull("salesforce_uuid");
        invitee.set("tracking", tracking);
        invitee.put("updated_at", TIME.format(created));
        invitee.put("uri", event.uri() + "/invitees/" + uuid);
        event.invitees.add(invitee);
        ObjectNode counter = (ObjectNode) event.json.get("invitees_counter");
        counter.put("total", counter.get("total").asInt() + 1);
        counter.put("active", counter.get("active").asInt() + 1);
        counter.put("limit", Math.max(counter.get("limit").asInt(), event.invitees.size()));
        if (event.atBooking == null) {
            event.atBooking = event.json.deepCopy();
        }
        inviteesAtBooking.put(invitee.get("uri").asText(), invitee.deepCopy());
        return invitee;
    }

    /** The invitee cancels (or the host does); a one-on-one event is canceled with it. */
    public synchronized void cancelInvitee(Event event, ObjectNode invitee, String canceledBy, String type,
                                           String reason, Instant at) {
        ObjectNode cancellation = JSON.createObjectNode();
        cancellation.put("canceled_by", canceledBy);
        cancellation.put("canceler_type", type);
        cancellation.put("created_at", TIME.format(at));
        cancellation.put("reason", reason);
        invitee.put("status", "canceled");
        invitee.set("cancellation", cancellation);
        invitee.put("updated_at", TIME.format(at));
        ObjectNode counter = (ObjectNode) event.json.get("invitees_counter");
        counter.put("active", counter.get("active").asInt() - 1);
        if (counter.get("active").asInt() == 0) {
            event.json.put("status", "canceled");
            event.json.set("cancellation", cancellation.deepCopy());
            event.json.put("updated_at", TIME.format(at));
        }
    }

    /** The invitee moves to a new time: a new invitee in a new event, the old one canceled with links. */
    public synchronized ObjectNode reschedule(Event from, ObjectNode invitee, Instant newStart, Instant at) {
        Event to = addEvent(newStart, 30, from.json.get("name").asText(), hosts(from));
        ObjectNode replacement = addInvitee(to, invitee.get("name").asText(), invitee.get("email").asText());
        replacement.put("old_invitee", invitee.get("uri").asText());
        replacement.put("created_at", TIME.format(at));
        replacement.put("updated_at", TIME.format(at));
        inviteesAtBooking.put(replacement.get("uri").asText(), replacement.deepCopy());
        invitee.put("rescheduled", true);
        invitee.put("new_invitee", replacement.get("uri").asText());
        cancelInvitee(from, invitee, invitee.get("name").asText(), "invitee", null, at);
        return replacement;
    }

    public synchronized void markNoShow(ObjectNode invitee, Instant at) {
        ObjectNode noShow = JSON.createObjectNode();
        noShow.put("created_at", TIME.format(at));
        noShow.put("uri", API + "/invitee_no_shows/" + UUID.randomUUID());
        invitee.set("no_show", noShow);
    }

    public static List<Host> hosts(Event event) {
        List<Host> hosts = new ArrayList<>();
        event.json.get("event_memberships").forEach(m -> hosts.add(new Host(m.get("user").asText(),
                m.get("user_email").asText(), m.get("user_name").asText())));
        return hosts;
    }

    /** A member of the organization, as GET /organization_memberships lists it. */
    public synchronized ObjectNode addMember(String role, Host host, String timezone) {
        ObjectNode membership = JSON.createObjectNode();
        membership.put("uri", API + "/organization_memberships/" + UUID.randomUUID());
        membership.put("role", role);
        ObjectNode user = membership.putObject("user");
        user.put("uri", host.userUri());
        user.put("name", host.name());
        user.put("slug", host.name().toLowerCase().replace(' ', '-'));
        user.put("email", host.email());
        user.put("timezone", timezone);
        user.putNull("avatar_url");
        membership.put("organization", ORGANIZATION);
        memberships.add(membership);
        return membership;
    }

    /** A member changes the email of their Calendly account (the user URI stays). */
    public synchronized void changeMemberEmail(String userUri, String email) {
        for (ObjectNode membership : memberships) {
            if (membership.get("user").get("uri").asText().equals(userUri)) {
                ((ObjectNode) membership.get("user")).put("email", email);
            }
        }
    }

    public synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    public synchronized Event event(String uuid) {
        return eventsByUuid.get(uuid);
    }

    public synchronized int inviteeCount() {
        return events.stream().mapToInt(e -> e.invitees.size()).sum();
    }

    /**
     * The deliveries Calendly would have sent for this history, oldest first: invitee.created for
     * every booking (as booked), then invitee.canceled or invitee_no_show.created with the
     * invitee and its event as they are now.
     */
    public synchronized List<ObjectNode> webhookHistory() {
        List<ObjectNode> deliveries = new ArrayList<>();
        for (Event event : events) {
            for (ObjectNode invitee : event.invitees) {
                String uri = invitee.get("uri").asText();
                ObjectNode booked = inviteesAtBooking.get(uri);
                boolean changed = !"active".equals(invitee.get("status").asText()) || !invitee.get("no_show").isNull();
                ObjectNode bookedEvent = changed ? event.atBooking : event.json;
                deliveries.add(envelope("invitee.created", changed ? booked : invitee, bookedEvent,
                        (changed ? booked : invitee).get("created_at").asText()));
                if ("canceled".equals(invitee.get("status").asText())) {
                    deliveries.add(envelope("invitee.canceled", invitee, event.json, invitee.get("updated_at").asText()));
                } else if (!invitee.get("no_show").isNull()) {
                    deliveries.add(envelope("invitee_no_show.created", invitee, event.json,
                            invitee.get("no_show").get("created_at").asText()));
                }
            }
        }
        deliveries.sort(Comparator.comparing(d -> d.get("created_at").asText()));
        return deliveries;
    }

    /** The invitee.canceled deliveries Calendly sends after an event was canceled through the API. */
    public synchronized List<ObjectNode> cancellationWebhooks(String eventUuid) {
        Event event = eventsByUuid.get(eventUuid);
        List<ObjectNode> deliveries = new ArrayList<>();
        for (ObjectNode invitee : event.invitees) {
            if (invitee.has("cancellation") && "host".equals(invitee.get("cancellation").get("canceler_type").asText())) {
                deliveries.add(envelope("invitee.canceled", invitee, event.json, invitee.get("updated_at").asText()));
            }
        }
        return deliveries;
    }

    public static ObjectNode envelope(String type, ObjectNode invitee, ObjectNode event, String createdAt) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("created_at", createdAt);
        envelope.put("created_by", USER);
        envelope.put("event", type);
        ObjectNode payload = invitee.deepCopy();
        payload.set("scheduled_event", event.deepCopy());
        envelope.set("payload", payload);
        return envelope;
    }

    // ---- webhook subscriptions -----------------------------------------------------------------

    public synchronized ObjectNode addSubscription(String callbackUrl, String state, List<String> eventTypes) {
        String uuid = UUID.randomUUID().toString();
        ObjectNode subscription = JSON.createObjectNode();
        subscription.put("callback_url", callbackUrl);
        subscription.put("created_at", TIME.format(Instant.now()));
        subscription.put("creator", USER);
        ArrayNode list = subscription.putArray("events");
        eventTypes.forEach(list::add);
        subscription.put("organization", ORGANIZATION);
        subscription.putNull("retry_started_at");
        subscription.put("scope", "organization");
        subscription.put("state", state);
        subscription.put("updated_at", TIME.format(Instant.now()));
        subscription.put("uri", API + "/webhook_subscriptions/" + uuid);
        subscription.putNull("user");
        subscriptions.put(uuid, subscription);
        return subscription;
    }

    public synchronized List<ObjectNode> subscriptions() {
        return new ArrayList<>(subscriptions.values());
    }

    public synchronized String signingKey(String subscriptionUri) {
        ObjectNode subscription = subscriptions.get(subscriptionUri.substring(subscriptionUri.lastIndexOf('/') + 1));
        return subscription == null ? null : subscription.path("_signing_key").asText(null);
    }

    public synchronized void clearSubscriptions() {
        subscriptions.clear();
    }

    public synchronized void disable(String subscriptionUri) {
        subscriptions.get(subscriptionUri.substring(subscriptionUri.lastIndexOf('/') + 1)).put("state", "disabled");
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            requests.incrementAndGet();
            String path = http.getRequestURI().getPath();
            String method = http.getRequestMethod();
            synchronized (this) {
                seenRequestLines.add(method + " " + http.getRequestURI());
            }
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            Map<String, String> query = query(http.getRequestURI().getRawQuery());
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readAllBytes();
            }
            String auth = http.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;

            long[] budget = spend(token);
            setRateHeaders(http, budget);
            if (budget[1] < 0) {
                rateLimited.incrementAndGet();
                send(http, 429, error("Too Many Requests", "Rate limit exceeded"));
                return;
            }
            Fault fault = takeFault(path);
            if (fault != null && fault.status() == -1) {
                // a hang: the answer comes far too late (the client should time out and retry)
                Thread.sleep(Long.parseLong(fault.headers().getOrDefault("delay-ms", "3000")));
                fault = null;
            }
            if (fault != null) {
                fault.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
                if (fault.status() == 429) {
                    rateLimited.incrementAndGet();
                }
                send(http, fault.status(), error("Injected", "simulated " + fault.status()));
                return;
            }
            if (token == null || !(token.equals(TOKEN) || token.equals(TOKEN_NO_SCOPE) || token.equals(TOKEN_FREE_PLAN))) {
                send(http, 401, error("Unauthenticated", "The access token is invalid"));
                return;
            }
            route(http, method, path, query, body, token);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(http, 500, error("Internal Server Error", String.valueOf(e)));
        }
    }

    private void route(HttpExchange http, String method, String path, Map<String, String> query, byte[] body,
                       String token) throws IOException {
        String[] parts = path.split("/");
        if (method.equals("GET") && path.equals("/users/me")) {
            count("users/me");
            ObjectNode resource = JSON.createObjectNode();
            resource.put("current_organization", ORGANIZATION);
            resource.put("email", "owner@example.com");
            resource.put("name", "Olivia Owner");
            resource.put("uri", USER);
            send(http, 200, wrap("resource", resource));
            return;
        }
        if (path.startsWith("/scheduled_events") && token.equals(TOKEN_NO_SCOPE)) {
            send(http, 403, error("Permission Denied", "This operation requires the scopes listed in the 'required_scopes' array"));
            return;
        }
        if (method.equals("GET") && path.equals("/scheduled_events")) {
            count("events-page");
            listEvents(http, query);
            return;
        }
        if (method.equals("GET") && parts.length == 4 && parts[1].equals("scheduled_events") && parts[3].equals("invitees")) {
            count("invitees-page");
            count("invitees:" + parts[2]);
            listInvitees(http, parts[2], query);
            return;
        }
        if (method.equals("POST") && parts.length == 4 && parts[1].equals("scheduled_events") && parts[3].equals("cancellation")) {
            count("cancellation");
            cancelEvent(http, parts[2], body);
            return;
        }
        if (method.equals("GET") && path.equals("/organization_memberships")) {
            count("memberships-page");
            listMemberships(http, query);
            return;
        }
        if (method.equals("POST") && path.equals("/data_compliance/deletion/invitees")) {
            count("data-compliance");
            // Enterprise only, with the scope data_compliance:write: 403 otherwise; 202 when accepted
            if (!dataComplianceAllowed) {
                send(http, 403, error("Permission Denied", "This operation requires an Enterprise subscription and the "
                        + "scope data_compliance:write"));
                return;
            }
            JsonNode request = JSON.readTree(body);
            if (!request.path("emails").isArray() || request.path("emails").isEmpty()) {
                send(http, 400, error("Invalid Argument", "emails must be a non-empty list"));
                return;
            }
            synchronized (this) {
                request.get("emails").forEach(e -> deletionRequests.add(e.asText()));
            }
            send(http, 202, JSON.createObjectNode());
            return;
        }
        if (path.startsWith("/webhook_subscriptions")) {
            count("subscriptions");
            if ((freePlan || token.equals(TOKEN_FREE_PLAN)) && method.equals("POST")) {
                send(http, 403, error("Permission Denied", "Please upgrade your Calendly account to Standard"));
                return;
            }
            subscriptionsApi(http, method, parts, query, body);
            return;
        }
        send(http, 404, error("Resource Not Found", "The server could not find the requested resource."));
    }

    private synchronized void listEvents(HttpExchange http, Map<String, String> query) throws IOException {
        if (!ORGANIZATION.equals(query.get("organization"))) {
            send(http, query.containsKey("organization") ? 403 : 400, error(
                    query.containsKey("organization") ? "Permission Denied" : "Invalid Argument",
                    "organization is required and must be yours"));
            return;
        }
        int count = Integer.parseInt(query.getOrDefault("count", "20"));
        if (count < 1 || count > 100) {
            send(http, 400, error("Invalid Argument", "count must be 1..100"));
            return;
        }
        String min = query.get("min_start_time");
        String max = query.get("max_start_time");
        Instant from = min == null ? Instant.MIN : Instant.parse(min);
        Instant until = max == null ? Instant.MAX : Instant.parse(max);
        String status = query.get("status");
        List<ObjectNode> matching = new ArrayList<>();
        for (Event event : events) {
            Instant start = Instant.parse(event.json.get("start_time").asText());
            if (!start.isBefore(from) && start.isBefore(until)
                    && (status == null || status.equals(event.json.get("status").asText()))) {
                matching.add(event.json);
            }
        }
        page(http, "/scheduled_events", query, matching, count);
    }

    private synchronized void listMemberships(HttpExchange http, Map<String, String> query) throws IOException {
        if (!ORGANIZATION.equals(query.get("organization"))) {
            send(http, query.containsKey("organization") ? 403 : 400, error(
                    query.containsKey("organization") ? "Permission Denied" : "Invalid Argument",
                    "organization is required and must be yours"));
            return;
        }
        int count = Integer.parseInt(query.getOrDefault("count", "20"));
        if (count < 1 || count > 100) {
            send(http, 400, error("Invalid Argument", "count must be 1..100"));
            return;
        }
        page(http, "/organization_memberships", query, memberships, count);
    }

    private synchronized void listInvitees(HttpExchange http, String uuid, Map<String, String> query) throws IOException {
        Event event = eventsByUuid.get(uuid);
        if (event == null) {
            send(http, 404, error("Resource Not Found", "The server could not find the requested resource."));
            return;
        }
        int count = Math.min(inviteePageSize, Integer.parseInt(query.getOrDefault("count", "20")));
        page(http, "/scheduled_events/" + uuid + "/invitees", query, event.invitees, count);
    }

    private void page(HttpExchange http, String path, Map<String, String> query, List<ObjectNode> all, int count)
            throws IOException {
        int offset = 0;
        String token = query.get("page_token");
        if (token != null) {
            offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode collection = answer.putArray("collection");
        for (int i = offset; i < Math.min(all.size(), offset + count); i++) {
            collection.add(all.get(i).deepCopy());
        }
        ObjectNode pagination = answer.putObject("pagination");
        pagination.put("count", collection.size());
        if (offset + count < all.size()) {
            String next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(String.valueOf(offset + count).getBytes(StandardCharsets.UTF_8));
            Map<String, String> nextQuery = new LinkedHashMap<>(query);
            nextQuery.put("page_token", next);
            StringBuilder url = new StringBuilder(baseUrl() + path + "?");
            nextQuery.forEach((k, v) -> url.append(k).append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            url.setLength(url.length() - 1);
            pagination.put("next_page", url.toString());
            pagination.put("next_page_token", next);
        } else {
            pagination.putNull("next_page");
            pagination.putNull("next_page_token");
        }
        pagination.putNull("previous_page");
        pagination.putNull("previous_page_token");
        send(http, 200, answer);
    }

    private synchronized void cancelEvent(HttpExchange http, String uuid, byte[] body) throws IOException {
        Event event = eventsByUuid.get(uuid);
        if (event == null) {
            send(http, 404, error("Resource Not Found", "The server could not find the requested resource."));
            return;
        }
        if (!"active".equals(event.json.get("status").asText())) {
            send(http, 403, error("Permission Denied", "Event is already canceled"));
            return;
        }
        JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        String reason = request.path("reason").isNull() ? null : request.path("reason").asText(null);
        String host = event.json.get("event_memberships").get(0).get("user_name").asText();
        Instant at = Instant.now();
        for (ObjectNode invitee : event.invitees) {
            if ("active".equals(invitee.get("status").asText())) {
                cancelInvitee(event, invitee, host, "host", reason, at);
            }
        }
        ObjectNode resource = JSON.createObjectNode();
        resource.put("canceled_by", host);
        resource.put("canceler_type", "host");
        resource.put("created_at", TIME.format(at));
        resource.put("reason", reason);
        send(http, 201, wrap("resource", resource));
    }

    private synchronized void subscriptionsApi(HttpExchange http, String method, String[] parts,
                                               Map<String, String> query, byte[] body) throws IOException {
        if (method.equals("GET") && parts.length == 2) {
            if (!ORGANIZATION.equals(query.get("organization")) || !"organization".equals(query.get("scope"))) {
                send(http, 400, error("Invalid Argument", "organization and scope are required"));
                return;
            }
            List<ObjectNode> visible = new ArrayList<>();
            for (ObjectNode s : subscriptions.values()) {
                ObjectNode copy = s.deepCopy();
                copy.remove("_signing_key");
                visible.add(copy);
            }
            page(http, "/webhook_subscriptions", query, visible, Integer.parseInt(query.getOrDefault("count", "20")));
            return;
        }
        if (method.equals("POST") && parts.length == 2) {
            JsonNode request = JSON.readTree(body);
            for (String required : List.of("url", "events", "organization", "scope")) {
                if (!request.hasNonNull(required)) {
                    send(http, 400, error("Invalid Argument", required + " is required"));
                    return;
                }
            }
            for (ObjectNode s : subscriptions.values()) {
                if (s.get("callback_url").asText().equals(request.get("url").asText())) {
                    send(http, 409, error("Already Exists", "Hook with this url already exists"));
                    return;
                }
            }
            List<String> types = new ArrayList<>();
            request.get("events").forEach(e -> types.add(e.asText()));
            ObjectNode created = addSubscription(request.get("url").asText(), "active", types);
            if (request.hasNonNull("signing_key")) {
                created.put("_signing_key", request.get("signing_key").asText());
            }
            ObjectNode shown = created.deepCopy();
            shown.remove("_signing_key");
            send(http, 201, wrap("resource", shown));
            return;
        }
        if (method.equals("DELETE") && parts.length == 3) {
            if (subscriptions.remove(parts[2]) == null) {
                send(http, 404, error("Resource Not Found", "The server could not find the requested resource."));
                return;
            }
            http.sendResponseHeaders(204, -1);
            return;
        }
        send(http, 404, error("Resource Not Found", "The server could not find the requested resource."));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Returns {limit, remaining (negative: over), resetSeconds}. */
    private synchronized long[] spend(String token) {
        if (rateLimit <= 0) {
            return new long[] {1_000_000, 999_999, 60};
        }
        long now = System.currentTimeMillis();
        if (now - windowStart >= windowMillis) {
            windowStart = now;
            windowUsed = 0;
        }
        long reset = (long) Math.ceil((windowStart + windowMillis - now) / 1000.0);
        windowUsed++;
        return new long[] {rateLimit, rateLimit - windowUsed, reset};
    }

    private static void setRateHeaders(HttpExchange http, long[] budget) {
        http.getResponseHeaders().set("X-RateLimit-Limit", String.valueOf(budget[0]));
        http.getResponseHeaders().set("X-RateLimit-Remaining", String.valueOf(Math.max(0, budget[1])));
        http.getResponseHeaders().set("X-RateLimit-Reset", String.valueOf(budget[2]));
    }

    private synchronized Fault takeFault(String path) {
        for (var it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (path.startsWith(fault.pathPrefix())) {
                it.remove();
                return fault;
            }
        }
        return null;
    }

    private void count(String kind) {
        requestsByKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private static ObjectNode wrap(String key, JsonNode value) {
        ObjectNode node = JSON.createObjectNode();
        node.set(key, value);
        return node;
    }

    private static ObjectNode error(String title, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("title", title);
        node.put("message", message);
        return node;
    }

    private static void send(HttpExchange http, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }
}
