package com.calendlysync.web;

import java.time.Duration;

import io.netty.handler.timeout.IdleStateEvent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connection of a client that stalls while the server waits for it: a request
 * whose body stops arriving, or an answer (an export above all) the client stops reading.
 * When nothing moved in that direction for the timeout (HTTP_IDLE_TIMEOUT_SECONDS), the client
 * gets a 408 JSON answer if none was started, and the connection is closed, which ends an
 * export at once (its slot and database cursor come free). While the server itself works on a
 * request (a slow Calendly call), nothing is cut.
 *
 * Camel 4.18 offers no idle timeout for its Vert.x server, and Vert.x's own idleTimeout would
 * also close a connection whose request the server is still working on; this watches each
 * request from the router instead, with a timer on the request's event loop.
 */
public final class ClientStallTimeout implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStallTimeout.class);

    private final int port;
    private final long timeoutMillis;

    public ClientStallTimeout(int port, Duration timeout) {
        this.port = port;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
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
        router.route().order(Integer.MIN_VALUE).handler(this::watch);
    }

    private void watch(RoutingContext ctx) {
        Watch watch = new Watch(ctx.request(), ctx.response());
        watch.timer = ctx.vertx().setPeriodic(timeoutMillis, id -> {
            if (watch.check()) {
                ctx.vertx().cancelTimer(id);
            }
        });
        ctx.addBodyEndHandler(v -> {
            if (ctx.request().isEnded()) {
                ctx.vertx().cancelTimer(watch.timer);
            }
        });
        ctx.next();
    }

    /** One request's progress, checked once per timeout on its event loop. */
    private static final class Watch {

        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private long bytesRead;
        private long bytesWritten;
        long timer;

        Watch(HttpServerRequest request, HttpServerResponse response) {
            this.request = request;
            this.response = response;
            this.bytesRead = request.bytesRead();
            this.bytesWritten = response.bytesWritten();
        }

        /** True when there is nothing left to watch. */
        boolean check() {
            if (response.closed() || (response.ended() && request.isEnded())) {
                return true;
            }
            boolean waitingForClient = !request.isEnded() || (!response.ended() && response.writeQueueFull());
            boolean moved = request.bytesRead() != bytesRead || response.bytesWritten() != bytesWritten;
            bytesRead = request.bytesRead();
            bytesWritten = response.bytesWritten();
            if (!waitingForClient || moved) {
                return false;
            }
            LOG.info("Closing the connection of {} {}: the client sent or read nothing for a whole timeout "
                    + "(HTTP_IDLE_TIMEOUT_SECONDS)", request.method(), request.path());
            HttpConnection connection = request.connection();
            if (!response.headWritten()) {
                response.putHeader("Connection", "close");
                JsonErrorPages.send(response, 408, "request_timeout",
                        "the request did not arrive in full in time; send it again, all at once");
                connection.close();
            } else if (connection instanceof ConnectionBase base) {
                // closed the way Vert.x's own idle timeout closes a connection: at once. close() would
                // first flush, and so wait behind the answer the client does not read
                base.channel().pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
            } else {
                connection.close();
            }
            return true;
        }
    }
}
