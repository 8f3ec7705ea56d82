package com.calendlysync.web;

import java.util.regex.Pattern;

/** Checks path and query parameters so a bad one is a 400 that names it, not a SQL error. */
public final class RequestParameters {

    /** Plain ASCII digits, few enough to fit a bigint: no sign, no exponent, no other script's digits. */
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    private RequestParameters() {
    }

    /** A positive whole number of at most 18 digits, or a 400 naming the parameter. */
    public static long positiveId(String text, String name) {
        if (text != null && ID.matcher(text).matches()) {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        }
        throw ApiException.badRequest("parameter '" + name + "' must be a positive whole number (at most 18 digits), not "
                + ApiException.quote(text));
    }
}
