package com.calendlysync.company;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of a JSON body that creates or changes a company record, each checked as it is
 * read: a bad one is a 400 that names it. A field that is absent is "not given" (a change leaves
 * it alone); a field given as null clears it, where that is allowed. The same checks serve the
 * CSV import, whose cells are text.
 */
public final class RecordFields {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private final JsonNode body;

    private RecordFields(JsonNode body) {
        this.body = body;
    }

    /** The body as a JSON object whose field names are all in {@code allowed}. */
    public static RecordFields parse(String text, Set<String> allowed) {
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object with fields " + names(allowed));
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "'; fields are " + names(allowed));
            }
        }
        return new RecordFields(body);
    }

    /** A CSV row's cells by field name; an empty cell is a field not given. */
    public static RecordFields of(Map<String, String> cells) {
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.MAPPER.createObjectNode();
        cells.forEach((name, value) -> {
            if (value != null) {
                body.put(name, value);
            }
        });
        return new RecordFields(body);
    }

    public boolean has(String name) {
        return body.has(name);
    }

    /** Text, trimmed; null when absent, null or blank. Longer than max: 400. */
    public String text(String name, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + name + "' must be text");
        }
        String text = value.asText().trim();
        if (text.indexOf('\0') >= 0) {
            throw ApiException.badRequest("field '" + name + "' must not contain NUL characters");
        }
        if (text.length() > max) {
            throw ApiException.badRequest("field '" + name + "' must be at most " + max + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    public String requiredText(String name, int max) {
        String text = text(name, max);
        if (text == null) {
            throw ApiException.badRequest("field '" + name + "' is required");
        }
        return text;
    }

    /** An email address, normalised (trimmed, lower case). */
    public String email(String name) {
        String email = text(name, 320);
        if (email == null) {
            return null;
        }
        email = email.toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.badRequest("field '" + name + "' must be an email address, not '" + email + "'");
        }
        return email;
    }

    /** A company's internet domain (acme.com), normalised: lower case, no leading '@' or 'www.'. */
    public String domain(String name) {
        String domain = text(name, 253);
        if (domain == null) {
            return null;
        }
        domain = domain.toLowerCase(Locale.ROOT);
        if (domain.startsWith("@")) {
            domain = domain.substring(1);
        }
        if (domain.startsWith("www.")) {
            domain = domain.substring(4);
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw ApiException.badRequest("field '" + name + "' must be an internet domain such as acme.com, not '" + domain + "'");
        }
        return domain;
    }

    /** A short code people type into a booking question or a UTM link: letters, digits, . _ - */
    public String code(String name) {
        String code = text(name, 40);
        if (code != null && !CODE.matcher(code).matches()) {
            throw ApiException.badRequest("field '" + name + "' must be 1-40 letters, digits, '.', '_' or '-', not '" + code + "'");
        }
        return code;
    }

    /** A Calendly user URI (https://api.calendly.com/users/...). */
    public String calendlyUserUri(String name) {
        String uri = text(name, 500);
        if (uri != null && !uri.matches("https://\\S+/users/[^/\\s]+")) {
            throw ApiException.badRequest("field '" + name + "' must be a Calendly user URI such as "
                    + "https://api.calendly.com/users/AAAA, not '" + uri + "'");
        }
        return uri;
    }

    /** active or inactive; null when absent. */
    public String status(String name) {
        String status = text(name, 20);
        if (status == null) {
            if (body.has(name)) {
                throw ApiException.badRequest("field '" + name + "' must be active or inactive");
            }
            return null;
        }
        status = status.toLowerCase(Locale.ROOT);
        if (!status.equals("active") && !status.equals("inactive")) {
            throw ApiException.badRequest("field '" + name + "' must be active or inactive, not '" + status + "'");
        }
        return status;
    }

    /** A positive whole number (an id); null when absent or null. */
    public Long id(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() && value.asText().trim().matches("[0-9]{1,18}")) {
            value = Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(value.asText().trim()));
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() <= 0) {
            throw ApiException.badRequest("field '" + name + "' must be a positive whole number (an id), not " + value);
        }
        return value.asLong();
    }

    private static String names(Set<String> allowed) {
        return String.join(", ", allowed.stream().sorted().toList());
    }
}
