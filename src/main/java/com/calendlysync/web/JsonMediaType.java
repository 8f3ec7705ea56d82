package com.calendlysync.web;

import java.util.Locale;

/** The one place that decides what counts as a JSON content type. */
public final class JsonMediaType {

    private JsonMediaType() {
    }

    /** application/json or a +json type, with or without parameters such as charset. */
    public static boolean matches(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
