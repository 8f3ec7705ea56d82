package com.calendlysync.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Why a body is not JSON we can read, in the sender's terms: Jackson's own messages name its
 * classes and settings (StreamReadConstraints...), which mean nothing to a caller.
 */
public final class JsonProblem {

    private JsonProblem() {
    }

    public static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String said = String.valueOf(e.getOriginalMessage());
            if (said.contains("nesting depth")) {
                return "the JSON is nested too deeply";
            }
            if (said.contains("Number value length")) {
                return "a number in the JSON is too long";
            }
            if (said.contains("String value length")) {
                return "a string in the JSON is too long";
            }
            if (said.contains("Name length")) {
                return "a field name in the JSON is too long";
            }
            return "the JSON is larger than this service reads";
        }
        String said = e.getOriginalMessage();
        if (said == null || said.isBlank()) {
            return "the body is not valid JSON";
        }
        int newline = said.indexOf('\n');
        String first = newline < 0 ? said : said.substring(0, newline);
        // Jackson names its own types in some messages: never pass those on
        return first.matches(".*\\b(com|org|java)\\.[a-z].*") ? "the body is not valid JSON" : first;
    }
}
