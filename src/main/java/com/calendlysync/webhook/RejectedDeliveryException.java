package com.calendlysync.webhook;

import com.calendlysync.web.ApiException;

/**
 * A signed delivery we cannot use as sent (not JSON, a required field missing or malformed).
 * It is answered 400 and, since it passed the signature check, stored as a failed delivery.
 */
public final class RejectedDeliveryException extends ApiException {

    public RejectedDeliveryException(String error, String message) {
        super(400, error, message);
    }
}
