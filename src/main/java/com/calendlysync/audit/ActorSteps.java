package com.calendlysync.audit;

import org.apache.camel.Exchange;

/**
 * Bean {@code actors}: the route step that names who acts on an exchange (property
 * {@link Actor#PROPERTY}), for the steps after it that write: the webhook route says "a webhook
 * delivery", the replay route "this admin replaying that delivery" (the access step named the
 * admin's token before).
 */
public final class ActorSteps {

    public void webhook(Exchange exchange) {
        exchange.setProperty(Actor.PROPERTY, Actor.webhook());
    }

    public void replay(Exchange exchange, long deliveryId) {
        exchange.setProperty(Actor.PROPERTY, Actor.replay(Actor.of(exchange), deliveryId));
    }
}
