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
