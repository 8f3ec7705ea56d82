package com.calendlysync;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The app's one Jackson ObjectMapper (thread-safe once configured; it is never reconfigured).
 * Reading and writing JSON in Java goes through {@link #MAPPER}.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
