package com.calendlysync.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.calendlysync.web.NotFoundException;
import org.apache.camel.Exchange;

/**
 * Bean {@code dashboardAssets}: the dashboard's files, packed in the jar under dashboard/ (no
 * CDN, no build step). Only plain file names with a known type are served, so a path can never
 * reach anything else on the classpath. Caching, framing, referrer and content-security headers
 * are set for every dashboard answer by {@link com.calendlysync.web.ResponsePolicy} (Camel's
 * header filter would drop Cache-Control set here).
 */
public final class DashboardAssets {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public byte[] serve(Exchange exchange, String name) throws IOException {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*\\.(html|css|js|svg)")) {
            throw new NotFoundException("no dashboard file " + name);
        }
        byte[] content = cache.get(name);
        if (content == null) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream("/dashboard/" + name)) {
                if (in == null) {
                    throw new NotFoundException("no dashboard file " + name);
                }
                content = in.readAllBytes();
            }
            cache.put(name, content);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        return content;
    }
}
