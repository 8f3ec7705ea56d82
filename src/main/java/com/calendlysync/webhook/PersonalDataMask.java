package com.calendlysync.webhook;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides emails and phone numbers in text bound for a log: j***@example.com, +1 3******48. */
public final class PersonalDataMask {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{6,}\\d");

    private PersonalDataMask() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher phones = PHONE.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (phones.find()) {
            String phone = phones.group();
            String replacement = phone.length() <= 4 ? "****"
                    : phone.substring(0, 2) + "*".repeat(phone.length() - 4) + phone.substring(phone.length() - 2);
            phones.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        phones.appendTail(out);
        return out.toString();
    }
}
