package com.calendlysync.calendly;

/**
 * A call to Calendly given up before it was answered because the app is stopping (or the
 * thread running it was interrupted): nothing is wrong with Calendly or the token. An import
 * cut short this way stays running and is resumed.
 */
public final class CalendlyCallAbandonedException extends CalendlyApiException {

    public CalendlyCallAbandonedException(String what) {
        super(0, "calendly_call_abandoned", "the app is stopping: " + what + " was given up");
    }
}
