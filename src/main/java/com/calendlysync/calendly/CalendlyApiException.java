package com.calendlysync.calendly;

/**
 * Calendly answered a request with an error we cannot retry our way out of. The message says
 * what Calendly said and, where we know it, what the operator has to change.
 */
public class CalendlyApiException extends RuntimeException {

    private final int status;

    public CalendlyApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Calendly's HTTP status, or 0 when no answer came at all (network, timeouts). */
    public int getStatus() {
        return status;
    }
}
