import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import com.calendlysync.mapping.InviteeMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GET /api/v1/meetings benchmark (run by bench/meetings-list-bench.sh).
 *
 *   seed JDBC_URL COUNT     meetings made the way production makes them: webhook envelopes from the
 *                           shared sample -> InviteeMapper -> calendly_apply_invitee, in batches
 *   measure BASE_URL ADMIN_TOKEN EMPLOYEE_TOKEN REQUESTS
 *                           timed requests per filter scenario, sequential, after a warm-up;
 *                           prints p50/p95/p99/max in ms (target p95 < 100 ms)
 */
public class MeetingsListBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final int EMPLOYEES = 200;
    static final int CUSTOMERS = 50_000;
    static final int EVENT_TYPES = 12;
    static final Instant FIRST_START = Instant.parse("2024-01-01T08:00:00Z");
    static final String[] FIRST = {"Jordan", "Priya", "Morgan", "Alex", "Sam", "Robin", "Taylor", "Casey", "Jamie", "Avery",
        "Riley", "Noor", "Mateo", "Yuki", "Lena", "Omar", "Ines", "Kofi", "Hana", "Luca", "Sofia", "Ravi", "Ada", "Tomas"};
    static final String[] LAST = {"Ellis", "Raman", "Blake", "Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva",
        "Kowalski", "Haddad", "Nguyen", "Fischer", "Rossi", "Dubois", "Jensen", "Costa", "Ivanova", "Mensah", "Park",
        "Schmidt", "Garcia", "Olsen", "Brennan", "Sato", "Varga", "Kaur", "Adeyemi", "Lund", "Petrov", "Quinn"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seed" -> seed(args[1], Integer.parseInt(args[2]));
            case "seed-range" -> seedRange(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "measure" -> measure(args[1], args[2], args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ---------------- seeding ----------------

    static void seed(String jdbcUrl, int count) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            long have;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM meetings")) {
                rs.next();
                have = rs.getLong(1);
            }
            if (have >= count) {
                System.out.println("seed: " + have + " meetings already there");
                return;
            }
            if (have > 0) {
                throw new IllegalStateException("the bench database has " + have + " meetings, fewer than " + count
                        + ": delete target/bench-people and run again");
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO employees (email, name) SELECT 'host' || g || '@corp.example', 'Host ' || g "
                        + "FROM generate_series(0, " + (EMPLOYEES - 1) + ") g");
                s.execute("INSERT INTO customers (email, name) SELECT 'customer' || g || '@client.example', 'Customer ' || g "
                        + "FROM generate_series(1, " + CUSTOMERS + ") g");
            }
        }
        // The audit trail's statement triggers record nothing a list or a report reads and made a
        // million applies take hours: they are off while seeding (every other trigger, the report
        // tables' included, runs as in production) and on again afterwards, whatever happens.
        auditTrail(jdbcUrl, "DISABLE");
        try {
            seedMeetings(jdbcUrl, 0, count);
        } finally {
            auditTrail(jdbcUrl, "ENABLE");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
        }
    }

    static void auditTrail(String jdbcUrl, String action) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            for (String table : List.of("meetings", "calendly_meetings", "meeting_hosts")) {
                for (String trigger : List.of("audit_rows_inserted", "audit_rows_updated", "audit_rows_deleted")) {
                    s.execute("ALTER TABLE " + table + " " + action + " TRIGGER " + trigger);
                }
            }
        }
    }

    /**
     * seed-range JDBC_URL FIRST END: meetings FIRST to END - 1 of the same sequence, into a database
     * already holding some (a seed cut short, or the part a bench measures first); a meeting
     * already there is applied again and changes nothing.
     */
    static void seedRange(String jdbcUrl, int first, int end) throws Exception {
        auditTrail(jdbcUrl, "DISABLE");
        try {
            seedMeetings(jdbcUrl, first, end);
        } finally {
            auditTrail(jdbcUrl, "ENABLE");
        }
    }

    static void seedMeetings(String jdbcUrl, int first, int count) throws Exception {
        long started = System.nanoTime();
        int threads = 2;
        int batch = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            work.add(pool.submit(() -> {
                ObjectNode sample = (ObjectNode) new ObjectMapper().readTree(
                        Files.readAllBytes(Path.of("src/test/resources/calendly-samples/webhook-invitee-created.json")));
                InviteeMapper mapper = new InviteeMapper();
                try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                     PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM unnest(CAST(? AS text[])) "
                             + "AS r(rec), LATERAL calendly_apply_invitee(CAST(r.rec AS jsonb))")) {
                    for (int from = first + worker * batch; from < count; from += threads * batch) {
                        int to = Math.min(count, from + batch);
                        String[] records = new String[to - from];
                        for (int i = from; i < to; i++) {
                            boolean canceled = i % 10 == 3;
                            boolean noShow = i % 31 == 7;
                            ObjectNode envelope = envelope(sample, i, canceled, noShow);
                            ObjectNode record = (ObjectNode) JSON.readTree(
                                    mapper.fromWebhook(envelope, envelope.get("event").asText()).record());
                            // every third meeting belongs to a customer, chosen as a company's own match query would
                            record.putObject("customer").put("id", i % 3 == 0 ? Long.valueOf((i / 3) % CUSTOMERS + 1) : null);
                            records[i - from] = record.toString();
                        }
                        Array recs = c.createArrayOf("text", records);
                        ps.setArray(1, recs);
                        for (int attempt = 1; ; attempt++) {
                            try {
                                ps.executeQuery().close();
                                break;
                            } catch (java.sql.SQLException e) {
                                // two workers' batches may deadlock on a shared row (an event type, a customer):
                                // PostgreSQL aborts one batch, which is simply sent again
                                if (attempt == 5 || !(e.getSQLState().equals("40P01") || e.getSQLState().equals("40001"))) {
                                    throw e;
                                }
                                System.out.println("seed: batch from " + from + " sent again: " + e.getMessage());
                            }
                        }
                        if (worker == 0 && (from / batch) % 50 == 0) {
                            double s = (System.nanoTime() - started) / 1e9;
                            System.out.printf("seed: %,d of %,d (%.0f s)%n", to, count, s);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("seed: %,d meetings in %.0f s%n", count, (System.nanoTime() - started) / 1e9);
    }

    static String inviteeUri(int i) {
        return String.format("https://api.calendly.com/scheduled_events/%08x-0000-4000-8000-000000000000/invitees/%08x-0000-4000-9000-000000000000", i, i);
    }

    static ObjectNode envelope(ObjectNode sample, int i, boolean canceled, boolean noShow) {
        ObjectNode envelope = sample.deepCopy();
        Instant start = FIRST_START.plus(90L * i, ChronoUnit.SECONDS);
        Instant changed = start.minus(7, ChronoUnit.DAYS);
        envelope.put("event", noShow ? "invitee_no_show.created" : canceled ? "invitee.canceled" : "invitee.created");
        envelope.put("created_at", changed.toString());
        ObjectNode p = (ObjectNode) envelope.get("payload");
        String uri = inviteeUri(i);
        String first = FIRST[i % FIRST.length];
        String last = LAST[(i / FIRST.length) % LAST.length];
        p.put("uri", uri);
        p.put("event", uri.substring(0, uri.indexOf("/invitees/")));
        p.put("name", first + " " + last);
        p.put("first_name", first);
        p.put("last_name", last);
        p.put("email", i % 3 == 0 ? "customer" + ((i / 3) % CUSTOMERS + 1) + "@client.example"
                : (first + "." + last + "." + i + "@mail.example").toLowerCase());
        p.put("updated_at", changed.toString());
        p.put("created_at", changed.toString());
        p.put("status", canceled ? "canceled" : "active");
        if (canceled) {
            ObjectNode cancellation = p.putObject("cancellation");
            cancellation.put("canceled_by", first + " " + last);
            cancellation.put("canceler_type", "invitee");
            cancellation.put("created_at", changed.toString());
            cancellation.putNull("reason");
        }
        if (noShow) {
            ObjectNode mark = p.putObject("no_show");
            mark.put("uri", "https://api.calendly.com/invitee_no_shows/" + String.format("%08x-0000-4000-8000-000000000000", i));
            mark.put("created_at", start.plus(1, ChronoUnit.HOURS).toString());
        }
        ObjectNode se = (ObjectNode) p.get("scheduled_event");
        se.put("uri", uri.substring(0, uri.indexOf("/invitees/")));
        se.put("start_time", start.toString());
        se.put("end_time", start.plus(30, ChronoUnit.MINUTES).toString());
        se.put("name", "Event type " + (i % EVENT_TYPES));
        se.put("event_type", String.format("https://api.calendly.com/event_types/%08d-0000-4000-8000-000000000000", i % EVENT_TYPES));
        se.put("status", canceled ? "canceled" : "active");
        se.put("updated_at", changed.toString());
        ArrayNode hosts = se.putArray("event_memberships");
        int host = i % EMPLOYEES;
        ObjectNode h = hosts.addObject();
        h.put("user", "https://api.calendly.com/users/" + String.format("%08d-0000-4000-8000-000000000000", host));
        h.put("user_email", "host" + host + "@corp.example");
        h.put("user_name", "Host " + host);
        return envelope;
    }

    // ---------------- measuring ----------------

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static void measure(String base, String admin, String employee, int requests) throws Exception {
        Random random = new Random(42);
        Map<String, IntFunction<String[]>> scenarios = new LinkedHashMap<>();
        // {query, token}
        scenarios.put("no filter, first page", n -> q("", admin));
        scenarios.put("status=canceled", n -> q("status=canceled", admin));
        scenarios.put("status=no-show", n -> q("status=no-show", admin));
        scenarios.put("time range (one month)", n -> {
            int month = random.nextInt(30);
            Instant from = FIRST_START.plus(month * 30L, ChronoUnit.DAYS);
            return q("from=" + from + "&to=" + from.plus(30, ChronoUnit.DAYS), admin);
        });
        scenarios.put("customerId", n -> q("customerId=" + (1 + random.nextInt(CUSTOMERS)), admin));
        scenarios.put("employeeId (host)", n -> q("employeeId=" + (1 + random.nextInt(EMPLOYEES)), admin));
        scenarios.put("eventType (name)", n -> q("eventType=" + enc("Event type " + random.nextInt(EVENT_TYPES)), admin));
        scenarios.put("q=last name", n -> q("q=" + LAST[random.nextInt(LAST.length)].toLowerCase(), admin));
        scenarios.put("q=email fragment", n -> q("q=" + enc("customer" + (1 + random.nextInt(CUSTOMERS)) + "@"), admin));
        // with encryption at rest a sealed meeting is found by its exact email (or whole name words)
        scenarios.put("q=exact email", n -> q("q=" + enc("customer" + (1 + random.nextInt(CUSTOMERS)) + "@client.example"), admin));
        scenarios.put("status+range+eventType", n -> {
            Instant from = FIRST_START.plus(random.nextInt(900), ChronoUnit.DAYS);
            return q("status=active&from=" + from + "&to=" + from.plus(60, ChronoUnit.DAYS) + "&eventType="
                    + enc("Event type " + random.nextInt(EVENT_TYPES)), admin);
        });
        scenarios.put("ascending, source=calendly", n -> q("sort=startTime&source=calendly", admin));
        scenarios.put("employee token, no filter", n -> q("", employee));
        scenarios.put("employee token + status=canceled", n -> q("status=canceled", employee));
        scenarios.put("employee token + q", n -> q("q=" + LAST[random.nextInt(LAST.length)].toLowerCase(), employee));

        String only = System.getenv("BENCH_ONLY");
        if (only != null && !only.isBlank()) {
            scenarios.keySet().removeIf(name -> !name.contains(only));
        }
        // warm-up: the JIT and PostgreSQL's caches
        for (int i = 0; i < 3; i++) {
            for (IntFunction<String[]> s : scenarios.values()) {
                for (int n = 0; n < 20; n++) {
                    String[] call = s.apply(n);
                    get(base + "/api/v1/meetings?" + call[0], call[1]);
                }
            }
        }
        System.out.printf("%-36s %8s %8s %8s %8s %8s%n", "GET /api/v1/meetings (limit 50)", "p50 ms", "p95 ms", "p99 ms", "max ms", "items");
        double worstP95 = 0;
        for (Map.Entry<String, IntFunction<String[]>> s : scenarios.entrySet()) {
            double[] ms = new double[requests];
            long items = 0;
            for (int n = 0; n < requests; n++) {
                String[] call = s.getValue().apply(n);
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(base + "/api/v1/meetings?" + call[0], call[1]);
                ms[n] = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(call[0] + " -> " + r.statusCode() + " " + r.body());
                }
                items += countItems(r.body());
            }
            Arrays.sort(ms);
            worstP95 = Math.max(worstP95, pct(ms, 95));
            System.out.printf("%-36s %8.1f %8.1f %8.1f %8.1f %8.1f%n", s.getKey(), pct(ms, 50), pct(ms, 95), pct(ms, 99),
                    ms[ms.length - 1], items / (double) requests);
        }
        // walking deep: 40 pages one after the other, each timed
        double[] walk = new double[40 * 5];
        int k = 0;
        for (int w = 0; w < 5; w++) {
            String cursor = null;
            for (int p = 0; p < 40; p++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(base + "/api/v1/meetings?limit=50" + (cursor == null ? "" : "&cursor=" + enc(cursor)), admin);
                walk[k++] = (System.nanoTime() - t0) / 1e6;
                cursor = new ObjectMapper().readTree(r.body()).path("nextCursor").asText(null);
            }
        }
        Arrays.sort(walk);
        worstP95 = Math.max(worstP95, pct(walk, 95));
        System.out.printf("%-36s %8.1f %8.1f %8.1f %8.1f %8s%n", "cursor walk, pages 1-40", pct(walk, 50), pct(walk, 95),
                pct(walk, 99), walk[walk.length - 1], "50");
        System.out.printf("worst p95: %.1f ms (target < 100 ms): %s%n", worstP95, worstP95 < 100 ? "MET" : "NOT MET");
    }

    static String[] q(String query, String token) {
        return new String[] {"limit=50" + (query.isEmpty() ? "" : "&" + query), token};
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static long countItems(String body) throws IOException {
        return new ObjectMapper().readTree(body).path("items").size();
    }

    static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
