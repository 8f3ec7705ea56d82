package com.calendlysync.webhook;

import com.calendlysync.web.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of the webhook route: verifies the signature over the exact bytes received and
 * keeps those bytes in an exchange property (only once verified), so nothing later can verify or
 * store a re-encoded copy, and nothing unverified is ever stored.
 */
public final class WebhookSignatureCheck implements Processor {

    public static final String RAW_BODY = "CalendlyRawBody";
    static final String HEADER = "Calendly-Webhook-Signature";

    private final SignatureVerifier verifier;

    public WebhookSignatureCheck(SignatureVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        SignatureVerifier.Result result = verifier.verify(exchange.getMessage().getHeader(HEADER, String.class), body);
        if (!result.accepted()) {
            throw new ApiException(401, "invalid_signature", result.reason());
        }
        // only verified bytes are kept: everything after this may store them
        exchange.setProperty(RAW_BODY, body);
    }
}
