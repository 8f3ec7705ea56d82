package com.calendlysync.audit;

import com.calendlysync.access.AccessControl;
import org.apache.camel.Exchange;

/**
 * Bean {@code actors}: the route step that names who acts on an exchange (property
 * {@link #PROPERTY}), for the steps after it that write: the webhook route says "a webhook
 * delivery", the replay route "this admin replaying that delivery".
 */
public final class ActorSteps {

    public static final String PROPERTY = "CalendlyActor";

    public void webhook(Exchange exchange) {
        exchange.setProperty(PROPERTY, Actor.webhook());
    }

    public void replay(Exchange exchange, long deliveryId) {
        exchange.setProperty(PROPERTY, Actor.replay(AccessControl.principal(exchange), deliveryId));
    }
}
