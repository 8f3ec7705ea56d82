package com.calendlysync.privacy;

import java.util.Locale;
import java.util.regex.Pattern;

import com.calendlysync.web.ApiException;

/**
 * The email a person is known by in a privacy request: trimmed and lower-cased, as the
 * database matches it (privacy_normalised_email); anything that is not an address is a 400
 * naming the field.
 */
final class SubjectEmail {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private SubjectEmail() {
    }

    static String parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("field '" + field + "' is required: the person's email address");
        }
        String email = value.trim().toLowerCase(Locale.ROOT);
        if (email.length() > 320 || !ADDRESS.matcher(email).matches()) {
            throw ApiException.badRequest("field '" + field + "' must be an email address like name@example.com");
        }
        return email;
    }
}
