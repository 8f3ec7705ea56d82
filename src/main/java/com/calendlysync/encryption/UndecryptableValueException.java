package com.calendlysync.encryption;

/**
 * A stored value does not open: sealed with a key that is no longer configured, or sealed for
 * another row or column (copied), or altered. The app never serves such a value.
 */
public final class UndecryptableValueException extends RuntimeException {

    public UndecryptableValueException(String message) {
        super(message);
    }
}
