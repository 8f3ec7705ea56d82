package com.calendlysync;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;

/**
 * Typed reads of application.properties; every key there can be overridden by the environment
 * variable its placeholder names. A malformed value stops the start with the key in the message.
 * The required* reads take their default from application.properties only: a key that is not
 * there (or empty) stops the start too, instead of falling back to a second default in Java.
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

    /** The value, or empty when the key is absent or blank (settings that may be left unset). */
    public Optional<String> optionalText(String key) {
        return Optional.ofNullable(text(key, null));
    }

    public String requiredText(String key) {
        return optionalText(key).orElseThrow(() -> new IllegalArgumentException("Setting " + key
                + " has no value; application.properties gives every setting its default"));
    }

    public long requiredNumber(String key) {
        return parseNumber(key, requiredText(key));
    }

    public boolean requiredFlag(String key) {
        return parseFlag(key, requiredText(key));
    }

    public boolean flag(String key, boolean fallback) {
        String value = text(key, null);
        return value == null ? fallback : parseFlag(key, value);
    }

    public long number(String key, long fallback) {
        String value = text(key, null);
        return value == null ? fallback : parseNumber(key, value);
    }

    public Duration seconds(String key, long fallback) {
        return Duration.ofSeconds(number(key, fallback));
    }

    private static boolean parseFlag(String key, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("Setting " + key + " must be true or false, not '" + value + "'");
    }

    private static long parseNumber(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number, not '" + value + "'");
        }
    }
}
