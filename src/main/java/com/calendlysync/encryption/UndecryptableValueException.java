package com.calendlysync.encryption;

import com.calendlysync.web.ApiException;

/**
 * A stored value does not open: sealed with a key that is no longer configured, or sealed for
 * another row or column (copied), or altered. The app never serves such a value: the caller gets
 * a 500 that says where and with which key (never the value).
 */
public final class UndecryptableValueException extends ApiException {

    public UndecryptableValueException(String message) {
        super(500, "stored_value_unreadable", message);
    }
}
