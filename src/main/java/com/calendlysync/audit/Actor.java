package com.calendlysync.audit;

import com.calendlysync.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * Who makes a change, as the audit trail records it: a webhook delivery, a replay of one by an
 * admin, an import or reconciliation job, an API token with its role, the retention job, or
 * the app itself at start. It reaches the database as the transaction-local setting
 * calendly.actor ({@link ActingTransaction}), which the audit triggers read. On an exchange it is
 * the property {@link #PROPERTY}: the access step puts the caller's token there, the webhook and
 * replay routes name themselves ({@link ActorSteps}), an import or reconciliation its job.
 *
 * @param kind   webhook, replay, import, reconciliation, token, retention or system
 * @param id     the delivery, job or token it is (null when there is none)
 * @param role   the token's role, for token and replay actors
 * @param detail what a system actor is doing
 */
public record Actor(String kind, String id, String role, String detail) {

    /** The exchange property that holds who acts on an exchange. */
    public static final String PROPERTY = "CalendlyActor";

    /** Who acts on this exchange; a route that named nobody fails closed, loudly. */
    public static Actor of(Exchange exchange) {
        Actor actor = exchange.getProperty(PROPERTY, Actor.class);
        if (actor == null) {
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " names no actor before this step");
        }
        return actor;
    }

    public static Actor webhook() {
        return new Actor("webhook", null, null, null);
    }

    /** An admin replaying a failed delivery: the admin's token, and the delivery it replays. */
    public static Actor replay(Actor token, long deliveryId) {
        return new Actor("replay", token.id(), token.role(), "delivery " + deliveryId);
    }

    /** An import or a reconciliation run. */
    public static Actor job(String kind, String jobId) {
        return new Actor(kind, jobId, null, null);
    }

    /** An API token, with its role. */
    public static Actor token(long tokenId, String role) {
        return new Actor("token", String.valueOf(tokenId), role, null);
    }

    public static Actor retention(long runId) {
        return new Actor("retention", String.valueOf(runId), null, null);
    }

    public static Actor system(String detail) {
        return new Actor("system", null, null, detail);
    }

    /** The same actor, saying what it is doing (an employee sync, ...). */
    public Actor doing(String what) {
        return new Actor(kind, id, role, what);
    }

    public String json() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("kind", kind);
        if (id != null) {
            node.put("id", id);
        }
        if (role != null) {
            node.put("role", role);
        }
        if (detail != null) {
            node.put("detail", detail);
        }
        return node.toString();
    }
}
