package com.calendlysync.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The app's one Jackson ObjectMapper: thread-safe once configured, so everything shares it. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
