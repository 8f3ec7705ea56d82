package com.calendlysync.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request we answer with a 4xx (or a 503) and a JSON body {"error", "message"}; the routes'
 * error handler turns it into the response, so no stack trace ever reaches a caller.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    public ApiException(int status, String error, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    /**
     * A value the caller sent, as an error message shows it: quoted, control characters such
     * as NUL shown as escapes, and cut after 60 characters (a 5,000-digit number is not echoed
     * back whole).
     */
    public static String quote(String value) {
        if (value == null) {
            return "''";
        }
        int shown = Math.min(value.length(), 60);
        if (shown < value.length() && Character.isHighSurrogate(value.charAt(shown - 1))) {
            shown--;
        }
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        if (shown < value.length()) {
            quoted.append("...' (").append(value.length()).append(" characters)");
            return quoted.toString();
        }
        return quoted.append('\'').toString();
    }

    public int getStatus() {
        return status;
    }

    public String getError() {
        return error;
    }

    public Integer getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Map<String, Object> getBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", getMessage());
        return body;
    }
}
