package com.calendlysync.calendly;

import com.calendlysync.web.ApiException;

/**
 * Calendly answered a request with an error we cannot retry our way out of. The message says
 * what Calendly said and, where we know it, what the operator has to change. When it reaches
 * one of our HTTP endpoints it is answered 502 (Calendly, not the caller, is the problem).
 */
public class CalendlyApiException extends ApiException {

    private final int calendlyStatus;

    public CalendlyApiException(int calendlyStatus, String message) {
        this(calendlyStatus, "calendly_error", message);
    }

    protected CalendlyApiException(int calendlyStatus, String error, String message) {
        super(502, error, message);
        this.calendlyStatus = calendlyStatus;
    }

    /** Calendly's HTTP status, or 0 when no answer came at all (network, timeouts). */
    public int getCalendlyStatus() {
        return calendlyStatus;
    }
}
