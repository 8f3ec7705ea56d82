package com.calendlysync.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.calendlysync.web.ApiException;
import com.calendlysync.web.RequestParameters;
import org.apache.camel.Exchange;

/**
 * The query parameters of a request, read from the raw query string rather than from Camel
 * headers, so a parameter can never be confused with an HTTP header of the same name and a
 * misspelt one is a 400 that names it instead of being silently ignored. A NUL character
 * (%00) is refused here for every parameter: PostgreSQL text cannot hold it.
 */
public final class QueryString {

    private final Map<String, String> values;

    private QueryString(Map<String, String> values) {
        this.values = values;
    }

    public static QueryString of(Exchange exchange, Set<String> allowed) {
        String raw = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "?");
                if (!allowed.contains(name)) {
                    throw ApiException.badRequest("unknown parameter " + ApiException.quote(name) + "; this endpoint takes "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (value.indexOf('\0') >= 0) {
                    throw ApiException.badRequest("parameter '" + name + "' must not contain the NUL character (%00)");
                }
                if (values.put(name, value) != null) {
                    throw ApiException.badRequest("parameter '" + name + "' is given more than once");
                }
            }
        }
        return new QueryString(values);
    }

    /** The value, or null when absent or empty. */
    public String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public Long positiveId(String name) {
        String value = get(name);
        return value == null ? null : RequestParameters.positiveId(value, name);
    }

    public int limit(String name, int fallback, int max) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        if (value.matches("[0-9]{1,9}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        }
        throw ApiException.badRequest("parameter '" + name + "' must be a whole number from 1 to " + max + ", not "
                + ApiException.quote(value));
    }

    public String oneOf(String name, String fallback, Set<String> allowed) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw ApiException.badRequest("parameter '" + name + "' must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()) + ", not " + ApiException.quote(value));
        }
        return value;
    }

    private static String decode(String text, String name) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("parameter '" + name + "' is not properly URL-encoded");
        }
    }
}
