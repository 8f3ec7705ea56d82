package com.calendlysync.web;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Some answers never reach a Camel route: a body over the size limit, or one the HTTP server
 * cannot decode, is refused by Vert.x itself, as is a path nobody serves or a method a route
 * does not take. Those get the same JSON error shape as everything else instead of Vert.x's
 * plain-text pages. Camel exposes only the sub-router its routes live on (the root router's
 * error handlers are out of reach), so this adds a failure handler in first position and a
 * catch-all in last position there.
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
        // routes register on the router as they start: the catch-all must come after all of them
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        Router router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> unmatched(router, ctx));
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            reply(ctx, 413, "payload_too_large", "the body is larger than " + maxBodyBytes + " bytes (CALENDLY_MAX_UPLOAD_BYTES)");
        } else if (status == 400 && !JsonMediaType.matches(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            reply(ctx, 415, "unsupported_media_type", "the body could not be read as '"
                    + ctx.request().getHeader(HttpHeaders.CONTENT_TYPE) + "'; send application/json");
        } else if (status >= 400 && status < 500) {
            reply(ctx, status, "bad_request", "the request could not be read");
        } else {
            reply(ctx, 500, "internal_error", "the request failed in the HTTP server");
        }
    }

    private static void unmatched(Router router, RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean pathServed = router.getRoutes().stream().anyMatch(route -> servesPath(route, path));
        if (pathServed) {
            reply(ctx, 405, "method_not_allowed", ctx.request().method() + " is not allowed on " + path);
        } else {
            reply(ctx, 404, "not_found", "nothing is served at " + ctx.request().method() + " " + path);
        }
    }

    private static boolean servesPath(Route route, String path) {
        String template = route.getPath();
        if (template == null || route.methods() == null || route.methods().isEmpty()) {
            return false;
        }
        String regex = Pattern.quote(template).replaceAll(":[A-Za-z0-9_]+", "\\\\E[^/]+\\\\Q");
        return path.matches(regex);
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
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
