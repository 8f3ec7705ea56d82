package com.calendlysync.http;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Some answers never reach a Camel route: a body over the size limit is refused by the HTTP
 * server itself, as is a path nobody serves or a method a route does not take. Those get the
 * same JSON error shape as everything else instead of Vert.x's plain-text pages.
 */
public final class JsonErrorPages implements StartupListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final long maxBodyBytes;

    public JsonErrorPages(int port, long maxBodyBytes) {
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes register on the router as they start; error pages are per router
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        Router router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            return;
        }
        router.errorHandler(413, ctx -> reply(ctx, 413, "payload_too_large",
                "the body is larger than " + maxBodyBytes + " bytes (CALENDLY_MAX_BODY_BYTES)"));
        router.errorHandler(404, ctx -> reply(ctx, 404, "not_found",
                "nothing is served at " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(405, ctx -> reply(ctx, 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
    }

    private static void reply(RoutingContext ctx, int status, String error, String message) {
        if (ctx.response().ended()) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("error", error, "message", message));
        } catch (JsonProcessingException e) {
            body = "{\"error\":\"" + error + "\"}";
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

}
