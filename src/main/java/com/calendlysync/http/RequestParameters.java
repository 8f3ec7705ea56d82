package com.calendlysync.http;

/** Checks path and query parameters so a bad one is a 400 that names it, not a SQL error. */
public final class RequestParameters {

    public long requireId(Object value, String name) {
        String text = value == null ? "" : value.toString().trim();
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below with the parameter's name
        }
        throw ApiException.badRequest("parameter '" + name + "' must be a positive whole number, not '" + text + "'");
    }
}
