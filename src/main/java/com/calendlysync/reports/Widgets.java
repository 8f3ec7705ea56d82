package com.calendlysync.reports;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.calendlysync.web.QueryString;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/**
 * Bean {@code widgets}: embeddable, read-only reports. An admin makes a signed, expiring URL for
 * one report and its filters (POST /api/v1/widgets); the URL serves a small page that may be
 * framed by another site (an intranet page) and its data, and nothing else: no API token is
 * involved, the signature covers the report and every parameter, an expired or altered URL is
 * refused (403). The rest of the dashboard keeps frame-ancestors 'none'.
 */
public final class Widgets {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    private final MeetingReports reports;
    private final WidgetSigningKey key;
    private final Clock clock;
    private final String publicUrl;
    private final String frameAncestors;
    private volatile byte[] page;

    public Widgets(MeetingReports reports, WidgetSigningKey key, Clock clock, String publicUrl, String frameAncestors) {
        this.reports = reports;
        this.key = key;
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.frameAncestors = frameAncestors;
    }

    /** POST /api/v1/widgets {"report", "parameters": {...}, "expiresInDays"} → 201 {url, expiresAt, ...}. */
    public Map<String, Object> create(Exchange exchange) throws SQLException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("the body must be JSON: {\"report\": \"volume\", \"parameters\": {...}, \"expiresInDays\": 30}");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object with 'report'");
        }
        String name = body.path("report").asText("");
        if (name.isEmpty()) {
            throw ApiException.badRequest("field 'report' is missing (summary, volume, engagement, utilization, conversion or popular-times)");
        }
        Report report;
        try {
            report = reports.report(name);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("field 'report' must be summary, volume, engagement, utilization, conversion or popular-times, not '" + name + "'");
        }
        JsonNode given = body.path("parameters");
        if (!given.isMissingNode() && !given.isNull() && !given.isObject()) {
            throw ApiException.badRequest("field 'parameters' must be an object of report parameters");
        }
        Map<String, String> parameters = new TreeMap<>();
        Set<String> allowed = ReportParameters.allowed(report.parameters());
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("format") || !allowed.contains(e.getKey())) {
                throw ApiException.badRequest("field 'parameters' has '" + e.getKey() + "', which the " + name
                        + " report does not take in a widget");
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw ApiException.badRequest("parameter '" + e.getKey() + "' must be a string or a number");
            }
            parameters.put(e.getKey(), e.getValue().asText());
        }
        JsonNode daysNode = body.path("expiresInDays");
        int days = DEFAULT_DAYS;
        if (!daysNode.isMissingNode() && !daysNode.isNull()) {
            if (!daysNode.canConvertToInt() || !daysNode.isIntegralNumber() || daysNode.asInt() < 1 || daysNode.asInt() > MAX_DAYS) {
                throw ApiException.badRequest("field 'expiresInDays' must be a whole number from 1 to " + MAX_DAYS);
            }
            days = daysNode.asInt();
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        // the same checks as a report request: a widget that could only ever answer 400 is refused now
        report.check(ReportParameters.parse(name, queryOf(exchange, query.toString(), allowed), report.parameters(), clock.instant()));
        Instant expires = clock.instant().plus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String path = "/widgets/" + new WidgetLink(name, query.toString(), expires).sign(key.get());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", publicUrl + path);
        answer.put("path", path);
        answer.put("report", name);
        answer.put("parameters", parameters);
        answer.put("expiresAt", expires.toString());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return answer;
    }

    /** GET /widgets/{widget}: the page, frameable, once the link checks out. */
    public byte[] page(Exchange exchange, String widget) throws SQLException, IOException {
        WidgetLink.verify(widget, key.get(), clock.instant());
        byte[] html = page;
        if (html == null) {
            try (InputStream in = Widgets.class.getResourceAsStream("/dashboard/widget.html")) {
                html = in.readAllBytes();
            }
            page = html;
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        exchange.getMessage().setHeader("Referrer-Policy", "no-referrer");
        exchange.getMessage().setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors " + frameAncestors);
        return html;
    }

    /** GET /widgets/{widget}/data: the widget's report as JSON, computed now, for everyone's meetings. */
    public Map<String, Object> data(Exchange exchange, String widget) throws SQLException {
        WidgetLink link = WidgetLink.verify(widget, key.get(), clock.instant());
        Report report = reports.report(link.report());
        Set<String> allowed = ReportParameters.allowed(report.parameters());
        ReportParameters parameters = ReportParameters.parse(link.report(), queryOf(exchange, link.query(), allowed),
                report.parameters(), clock.instant());
        Map<String, Object> body = new LinkedHashMap<>(reports.run(report, parameters, null).body());
        body.put("widget", Map.of("expiresAt", link.expiresAt().toString()));
        return body;
    }

    /** The query a widget was made with, read by the same rules as a request's own. */
    private static QueryString queryOf(Exchange exchange, String query, Set<String> allowed) {
        Exchange copy = exchange.copy();
        copy.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        return QueryString.of(copy, allowed);
    }
}
