package com.calendlysync;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;

/**
 * Typed reads of application.properties; every key there can be overridden by the environment
 * variable its placeholder names. A malformed value stops the start with the key in the message.
 */
public final class AppProperties {

    private final CamelContext context;

    public AppProperties(CamelContext context) {
        this.context = context;
    }

    public String text(String key, String fallback) {
        Optional<String> value = context.getPropertiesComponent().resolveProperty(key);
        return value.map(String::trim).filter(v -> !v.isEmpty()).orElse(fallback);
    }

    public boolean flag(String key, boolean fallback) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new StartRefusal("Setting " + key + " must be true or false, not '" + value + "'");
    }

    public long number(String key, long fallback) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new StartRefusal("Setting " + key + " must be a whole number, not '" + value + "'");
        }
    }

    public Duration seconds(String key, long fallback) {
        return Duration.ofSeconds(number(key, fallback));
    }
}
