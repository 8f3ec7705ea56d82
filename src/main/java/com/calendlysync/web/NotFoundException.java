package com.calendlysync.web;

/** 404 with a JSON body; YAML routes throw it with throwException when a lookup finds nothing. */
public final class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(404, "not_found", message);
    }
}
