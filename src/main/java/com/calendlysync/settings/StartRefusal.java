package com.calendlysync.settings;

/**
 * The app cannot do its job as configured (the port is taken, the database cannot be used, a
 * setting is malformed): the start stops with one line that says what to fix, and exit code 1.
 * The message is the whole report, so it carries no stack trace.
 */
public final class StartRefusal extends RuntimeException {

    public StartRefusal(String message) {
        super(message, null, false, false);
    }

    /** The refusal somewhere in this error's causes, or null when the error is something else (a bug). */
    public static StartRefusal in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StartRefusal refusal) {
                return refusal;
            }
        }
        return null;
    }
}
