package com.calendlysync.calendly;

/** 401/403 from Calendly: the token is wrong, lacks a scope or a role, or the plan does not allow it. */
public final class CalendlyAccessException extends CalendlyApiException {

    public CalendlyAccessException(int calendlyStatus, String message) {
        super(calendlyStatus, "calendly_refused", message);
    }
}
