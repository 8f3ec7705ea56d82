package com.calendlysync.webhook;

import com.calendlysync.web.ApiException;
import com.calendlysync.web.JsonMediaType;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Calendly posts JSON; anything else is answered 415 before we look at a single byte. */
public final class WebhookContentTypeCheck implements Processor {

    @Override
    public void process(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!JsonMediaType.matches(contentType)) {
            throw new ApiException(415, "unsupported_media_type",
                    "Content-Type must be application/json, not '" + (contentType == null ? "" : contentType) + "'");
        }
    }

}
