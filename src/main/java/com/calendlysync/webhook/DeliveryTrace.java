package com.calendlysync.webhook;

import com.calendlysync.mapping.MappedInvitee;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With CALENDLY_DEBUG=true, each step of each delivery is logged with what it decided; emails
 * and phone numbers are masked, so a debug log can be shared with Calendly support.
 */
public final class DeliveryTrace {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync.delivery");

    private final boolean enabled;

    public DeliveryTrace(boolean enabled) {
        this.enabled = enabled;
    }

    public void received(Exchange exchange) {
        step(exchange, "received");
    }

    public void mapped(Exchange exchange) {
        step(exchange, "mapped");
    }

    public void stored(Exchange exchange) {
        step(exchange, "stored");
    }

    private void step(Exchange exchange, String step) {
        if (!enabled) {
            return;
        }
        String detail = switch (step) {
            case "received" -> {
                byte[] raw = exchange.getProperty(WebhookSignatureCheck.RAW_BODY, byte[].class);
                yield "body " + (raw == null ? 0 : raw.length) + " bytes";
            }
            case "mapped" -> exchange.getMessage().getBody() instanceof MappedInvitee invitee
                    ? "invitee " + invitee.inviteeUri() + ", email " + invitee.email() : "";
            case "stored" -> String.valueOf(exchange.getMessage().getBody());
            default -> "";
        };
        Object event = exchange.getMessage().getHeader(DeliveryReader.EVENT);
        LOG.info("[{}] {}{}: {}", exchange.getExchangeId(), event == null ? "" : event + " ", step,
                PersonalDataMask.mask(detail));
    }
}
