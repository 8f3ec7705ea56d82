package com.calendlysync.web;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The Vert.x instance camel-platform-http-main runs its HTTP server on, with what Camel 4.18
 * has no setting for: a request line long enough for any parameter the API then checks itself
 * (a 5,000-digit id in a path or query is a 400 naming the parameter, not a bare 414 from the
 * HTTP decoder), and a JSON answer for the requests the decoder rejects before any route sees
 * them (JsonErrorPages). Camel's server uses the Vert.x bean it finds in the registry and
 * builds its HttpServerOptions itself, so this wraps that instance (Vert.x's VertxWrapper is
 * made for it) and adjusts the options as the server is created. Camel closes only a Vert.x it
 * made, so this one is closed once the context has stopped.
 */
public final class HttpServerLimits extends VertxWrapper {

    /** Longest request line taken (Vert.x's default is 4,096 bytes). */
    public static final int MAX_REQUEST_LINE = 16 * 1024;

    private HttpServerLimits(VertxInternal delegate) {
        super(delegate);
    }

    /** Binds the Vert.x instance (sized by the VertxOptions bean of application.properties) for Camel's HTTP server. */
    public static void install(CamelContext context) {
        VertxOptions options = context.getRegistry().findSingleByType(VertxOptions.class);
        HttpServerLimits vertx = new HttpServerLimits((VertxInternal) Vertx.vertx(options == null ? new VertxOptions() : options));
        context.getRegistry().bind("vertx", vertx);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                vertx.close();
            }
        });
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        options.setMaxInitialLineLength(MAX_REQUEST_LINE);
        return delegate.createHttpServer(options).invalidRequestHandler(JsonErrorPages::invalidRequest);
    }
}
