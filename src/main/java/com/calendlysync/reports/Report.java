package com.calendlysync.reports;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import com.calendlysync.web.ApiException;

/** One report: its name in the API, the parameters of its own, and how it is computed. */
interface Report {

    String name();

    /** Parameters beyond the common ones (range, tz, filters, format). */
    List<String> parameters();

    ReportResult run(ReportParameters parameters, ReportSession session, ReportValues values) throws SQLException;

    /** Checks the report's own parameters without running it (a 400 naming a bad one). */
    void check(ReportParameters parameters);

    static String oneOf(ReportParameters p, String name, String fallback, Set<String> allowed) {
        String value = p.given().get(name);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw ApiException.badRequest("parameter '" + name + "' must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()) + ", not '" + value + "'");
        }
        return value;
    }

    static int whole(ReportParameters p, String name, int fallback, int min, int max) {
        String value = p.given().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("parameter '" + name + "' must be a whole number from " + min + " to " + max
                + ", not '" + value + "'");
    }
}
