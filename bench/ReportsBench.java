import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * GET /api/v1/reports/* benchmark (run by bench/reports-bench.sh) on the meetings MeetingsListBench
 * seeded (1,000,000 from 2024-01-01, one every 90 s: about 350,000 a year, 29,000 in 30 days).
 *
 *   measure BASE_URL ADMIN_TOKEN EMPLOYEE_TOKEN REQUESTS [MONTH_SPAN_DAYS]
 *
 * Sequential requests per scenario after a warm-up; prints p50/p95/max in ms. Targets: every
 * report p95 < 200 ms for a year's range, < 50 ms for the home page's default range (30 days).
 */
public class ReportsBench {

    static int monthSpanDays = 600;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final List<String> REPORTS = List.of("summary", "volume?interval=day", "volume?interval=week&by=employee",
            "volume?interval=month&by=eventType", "engagement", "utilization", "conversion", "popular-times");
    static final String[] HOME = {"summary", "volume?interval=day", "engagement?limit=5", "utilization"};

    public static void main(String[] args) throws Exception {
        String base = args[1];
        String admin = args[2];
        String employee = args[3];
        int requests = Integer.parseInt(args[4]);
        // how many days after 2025-01-01 a 30-day range may start (a partly seeded database: only where there are meetings)
        monthSpanDays = args.length > 5 ? Integer.parseInt(args[5]) : 600;
        Random random = new Random(7);
        // ranges inside the seeded data; a year and a month moved around so caches do not flatter
        Map<String, String[]> scenarios = new LinkedHashMap<>();
        for (String r : REPORTS) {
            scenarios.put("year: " + r, new String[] {r, "year", admin});
        }
        for (String r : REPORTS) {
            scenarios.put("30 days: " + r, new String[] {r, "month", admin});
        }
        scenarios.put("year, eventType filter: summary", new String[] {"summary?eventType=" + enc("Event type 3"), "year", admin});
        scenarios.put("year, employee token: summary", new String[] {"summary", "year", employee});
        scenarios.put("year, employee token: volume", new String[] {"volume?interval=week", "year", employee});
        scenarios.put("year, customerId: engagement", new String[] {"engagement?customerId=", "year", admin});
        scenarios.put("year, tz Asia/Kolkata: volume", new String[] {"volume?interval=day&tz=Asia/Kolkata", "year", admin});
        scenarios.put("year as xlsx: volume", new String[] {"volume?interval=day&format=xlsx", "year", admin});
        scenarios.put("changes (live poll)", new String[] {"changes", "none", admin});
        // BENCH_ONLY=text runs only the scenarios whose name contains it
        String only = System.getenv("BENCH_ONLY");
        if (only != null && !only.isBlank()) {
            scenarios.keySet().removeIf(name -> !name.contains(only));
        }

        for (int i = 0; i < 3; i++) {
            for (String[] s : scenarios.values()) {
                call(base, s, random);
            }
        }
        System.out.printf("%-42s %8s %8s %8s  %s%n", "GET /api/v1/reports/...", "p50 ms", "p95 ms", "max ms", "target");
        boolean met = true;
        for (Map.Entry<String, String[]> s : scenarios.entrySet()) {
            double[] ms = new double[requests];
            for (int n = 0; n < requests; n++) {
                ms[n] = call(base, s.getValue(), random);
            }
            Arrays.sort(ms);
            double target = s.getValue()[1].equals("year") ? 200 : 50;
            boolean ok = pct(ms, 95) < target;
            met &= ok;
            System.out.printf("%-42s %8.1f %8.1f %8.1f  < %.0f %s%n", s.getKey(), pct(ms, 50), pct(ms, 95), ms[ms.length - 1], target,
                    ok ? "" : "NOT MET");
        }
        // the home page: its widgets' requests in parallel, as the dashboard sends them
        double[] home = new double[requests];
        for (int n = 0; n < requests; n++) {
            String range = range("month", random) + "&tz=UTC";
            long t0 = System.nanoTime();
            CompletableFuture<?>[] all = Arrays.stream(HOME).map(r -> CompletableFuture.runAsync(() -> {
                try {
                    get(base + "/api/v1/reports/" + r + (r.contains("?") ? "&" : "?") + range, admin);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(all).join();
            home[n] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(home);
        System.out.printf("%-42s %8.1f %8.1f %8.1f  (all four widgets, in parallel)%n", "home page (30 days)", pct(home, 50), pct(home, 95), home[home.length - 1]);
        System.out.println(met ? "every target MET" : "some targets NOT MET");
    }

    static double call(String base, String[] s, Random random) throws Exception {
        String path = s[0];
        if (path.endsWith("customerId=")) {
            path += 1 + random.nextInt(50_000);
        }
        String url = base + "/api/v1/reports/" + path;
        if (!s[1].equals("none")) {
            url += (path.contains("?") ? "&" : "?") + range(s[1], random);
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(url, s[2]);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return ms;
    }

    /** A year (2025) or 30 days starting on a random day of 2025 - 2026-09 (or of the first MONTH_SPAN_DAYS of 2025). */
    static String range(String kind, Random random) {
        if (kind.equals("year")) {
            int shift = random.nextInt(60);
            java.time.LocalDate from = java.time.LocalDate.of(2025, 1, 1).plusDays(shift);
            return "from=" + from + "&to=" + from.plusYears(1);
        }
        java.time.LocalDate from = java.time.LocalDate.of(2025, 1, 1).plusDays(random.nextInt(monthSpanDays));
        return "from=" + from + "&to=" + from.plusDays(30);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
