package com.calendlysync.web;

/** Checks path and query parameters so a bad one is a 400 that names it, not a SQL error. */
public final class RequestParameters {

    private RequestParameters() {
    }


    /** A positive whole number, or a 400 naming the parameter. */
    public static long positiveId(String text, String name) {
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
