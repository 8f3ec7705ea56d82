package com.calendlysync.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Bean {@code openApiDocument}: the API description shipped in the jar (openapi.json), as text. */
public final class OpenApiDocument {

    private final String text;

    public OpenApiDocument() throws IOException {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public String text() {
        return text;
    }
}
