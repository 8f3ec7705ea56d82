package com.calendlysync.web;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every answer of the HTTP server carries, whoever made it (a route, the error handler,
 * an export, Vert.x itself): applied just before the status line and headers are written, so
 * Camel's header filter (which drops Cache-Control) and routes that clear all headers cannot
 * lose it.
 * <ul>
 * <li>every answer: {@code X-Content-Type-Options: nosniff};</li>
 * <li>the dashboard ({@code /}, {@code /assets/*}): revalidated on each use
 * ({@code Cache-Control: no-cache}), never framed, no referrer, only its own scripts and styles;</li>
 * <li>everything else, the API above all (its answers hold personal data, a new token holds a
 * secret): {@code Cache-Control: no-store};</li>
 * <li>never 410 Gone: Calendly deletes its webhook subscription at once on a 410, so whatever
 * would answer one answers 404.</li>
 * </ul>
 */
public final class ResponsePolicy implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ResponsePolicy.class);

    private final int port;

    public ResponsePolicy(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routes register on the router as they start; this goes in first position once they have
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        Router router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(this::onRequest);
    }

    private void onRequest(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        ctx.addHeadersEndHandler(v -> apply(path, ctx.response()));
        ctx.next();
    }

    /** Sets the headers (and status) of an answer about to leave for the given request path. */
    public static void apply(String path, HttpServerResponse response) {
        if (response.getStatusCode() == 410) {
            LOG.warn("An answer to {} was 410 Gone; sent as 404 (a 410 makes Calendly delete its webhook subscription)", path);
            response.setStatusCode(404);
        }
        response.putHeader("X-Content-Type-Options", "nosniff");
        if (isDashboard(path)) {
            response.putHeader("Cache-Control", "no-cache");
            response.putHeader("X-Frame-Options", "DENY");
            response.putHeader("Referrer-Policy", "no-referrer");
            response.putHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        } else {
            response.putHeader("Cache-Control", "no-store");
        }
    }

    private static boolean isDashboard(String path) {
        return path.equals("/") || path.startsWith("/assets/");
    }
}
