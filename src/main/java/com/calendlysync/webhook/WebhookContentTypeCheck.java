package com.calendlysync.webhook;

import com.calendlysync.http.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Calendly posts JSON; anything else is answered 415 before we look at a single byte. */
public final class WebhookContentTypeCheck implements Processor {

    @Override
    public void process(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!isJson(contentType)) {
            throw new ApiException(415, "unsupported_media_type",
                    "Content-Type must be application/json, not '" + (contentType == null ? "" : contentType) + "'");
        }
    }

    /** application/json or a +json type, with or without parameters such as charset. */
    public static boolean isJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
