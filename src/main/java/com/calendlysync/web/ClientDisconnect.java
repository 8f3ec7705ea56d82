package com.calendlysync.web;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Tells a long answer that its client went away (closed the connection, or was disconnected
 * by ClientStallTimeout), so work done only for that client stops at once: an export streaming
 * from a database cursor frees its slot and its connection instead of waiting forever for a
 * reader that is gone.
 */
public final class ClientDisconnect {

    private ClientDisconnect() {
    }

    /** Runs the action on the HTTP server's event loop when the connection of this exchange's request closes. */
    public static void onClose(Exchange exchange, Runnable action) {
        if (exchange.getMessage() instanceof HttpMessage http && http.getResponse() != null) {
            http.getResponse().closeHandler(closed -> action.run());
        }
    }
}
