package com.calendlysync.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.calendlysync.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Some answers never reach a Camel route: a body over the size limit, or one the HTTP server
 * cannot decode, is refused by Vert.x itself, as is a query string that is not URL-encoded, a
 * path nobody serves or a method a route does not take, and a request the HTTP decoder
 * rejects (a request line or headers too long, see HttpServerLimits). Those get the same JSON
 * error shape as everything else instead of Vert.x's plain-text or empty pages. Camel exposes
 * only the sub-router its routes live on (the root router's error handlers are out of reach),
 * so this adds a failure handler in first position and a catch-all in last position there.
 */
public final class JsonErrorPages implements StartupListener {

    private static final ObjectMapper JSON = Json.MAPPER;

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
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (status == 413) {
            reply(ctx, 413, "payload_too_large", "the body is larger than " + maxBodyBytes + " bytes (CALENDLY_MAX_UPLOAD_BYTES)");
        } else if (status == 400 && ctx.failure() instanceof HttpException http && String.valueOf(http.getPayload()).contains("query")) {
            reply(ctx, 400, "bad_request", "the query string is not properly URL-encoded (a % must be followed by two hex digits)");
        } else if (status == 400 && hasBody(ctx) && !JsonMediaType.matches(contentType)) {
            reply(ctx, 415, "unsupported_media_type", "the body could not be read as "
                    + ApiException.quote(contentType == null ? "" : contentType) + "; send application/json");
        } else if (status >= 400 && status < 500) {
            reply(ctx, status, "bad_request", "the request could not be read");
        } else {
            reply(ctx, 500, "internal_error", "the request failed in the HTTP server");
        }
    }

    private static boolean hasBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        return ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
    }

    /** A request Vert.x's HTTP decoder refused before any router saw it (HttpServer.invalidRequestHandler). */
    public static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpServerResponse response = request.response();
        ResponsePolicy.apply("", response);
        if (cause instanceof TooLongHttpLineException) {
            send(response, 414, "uri_too_long", "the request line is longer than " + HttpServerLimits.MAX_REQUEST_LINE
                    + " bytes; send fewer or shorter parameters");
        } else if (cause instanceof TooLongHttpHeaderException) {
            send(response, 431, "headers_too_large", "the request headers are larger than the server takes");
        } else {
            send(response, 400, "bad_request", "the request is not well-formed HTTP");
        }
        response.close();
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
        send(ctx.response(), status, error, message);
    }

    /** Ends the response with the JSON error shape every answer of this app uses. */
    static void send(HttpServerResponse response, int status, String error, String message) {
        String body;
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("error", error);
            fields.put("message", message);
            body = JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            body = "{\"error\":\"" + error + "\"}";
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
