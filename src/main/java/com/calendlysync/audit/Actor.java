package com.calendlysync.audit;

import com.calendlysync.access.Principal;
import com.calendlysync.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who makes a change, as the audit trail records it: a webhook delivery, a replay of one by an
 * admin, an import or reconciliation job, an API token with its role, the retention job, or
 * the app itself at start. It reaches the database as the transaction-local setting
 * calendly.actor ({@link ActingTransaction}), which the audit triggers read.
 *
 * @param kind   webhook, replay, import, reconciliation, token, retention or system
 * @param id     the delivery, job or token it is (null when there is none)
 * @param role   the token's role, for token and replay actors
 * @param detail what a system actor is doing
 */
public record Actor(String kind, String id, String role, String detail) {

    public static Actor webhook() {
        return new Actor("webhook", null, null, null);
    }

    /** An admin replaying a failed delivery: the token, and the delivery it replays. */
    public static Actor replay(Principal principal, long deliveryId) {
        return new Actor("replay", String.valueOf(principal.tokenId()), principal.role().id(), "delivery " + deliveryId);
    }

    /** An import or a reconciliation run. */
    public static Actor job(String kind, String jobId) {
        return new Actor(kind, jobId, null, null);
    }

    public static Actor token(Principal principal) {
        return new Actor("token", String.valueOf(principal.tokenId()), principal.role().id(), null);
    }

    public static Actor retention(long runId) {
        return new Actor("retention", String.valueOf(runId), null, null);
    }

    public static Actor system(String detail) {
        return new Actor("system", null, null, detail);
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
