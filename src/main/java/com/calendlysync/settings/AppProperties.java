package com.calendlysync.settings;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;

/**
 * Typed reads of application.properties; every key there can be overridden by the environment
 * variable its placeholder names. Every default lives in application.properties and nowhere
 * else: a setting missing from it, or malformed, stops the start with the key in the message.
 */
public final class AppProperties {

    private final CamelContext context;

    public AppProperties(CamelContext context) {
        this.context = context;
    }

    /** An optional setting: its value, or null when it is empty (empty means "not set"). */
    public String text(String key) {
        Optional<String> value = context.getPropertiesComponent().resolveProperty(key);
        return value.map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }

    /** A setting application.properties gives: a whole number. */
    public long number(String key) {
        String value = required(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new StartRefusal("Setting " + key + " must be a whole number, not '" + value + "'");
        }
    }

    /** A setting application.properties gives: true or false. */
    public boolean flag(String key) {
        String value = required(key);
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new StartRefusal("Setting " + key + " must be true or false, not '" + value + "'");
    }

    /** A setting application.properties gives: a number of seconds. */
    public Duration seconds(String key) {
        return Duration.ofSeconds(number(key));
    }

    /** A setting application.properties gives, as text. */
    public String required(String key) {
        String value = text(key);
        if (value == null) {
            throw new StartRefusal("Setting " + key + " has no value; application.properties gives every "
                    + "setting its default, so restore its line there or set its environment variable");
        }
        return value;
    }
}
