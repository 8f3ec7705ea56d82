package com.calendlysync.reports;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.calendlysync.web.ApiException;

/**
 * What a widget URL carries: one report, the query it was made with and when it expires, signed
 * with HMAC-SHA256 so none of it can be changed. The URL is {@code /widgets/<payload>.<signature>},
 * both base64url; it holds no API token and grants nothing but this one read-only report.
 */
record WidgetLink(String report, String query, Instant expiresAt) {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    String sign(byte[] key) {
        String payload = ENCODE.encodeToString(String.join("\n", "w1", report, query,
                String.valueOf(expiresAt.getEpochSecond())).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODE.encodeToString(hmac(key, payload));
    }

    /** The link a widget id stands for: 403 when it was not signed with this key, or has expired. */
    static WidgetLink verify(String widget, byte[] key, Instant now) {
        int dot = widget == null ? -1 : widget.indexOf('.');
        if (dot < 1 || widget.length() > 4000) {
            throw invalid();
        }
        String payload = widget.substring(0, dot);
        byte[] signature;
        String[] parts;
        try {
            signature = DECODE.decode(widget.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, hmac(key, payload))) {
                throw invalid();
            }
            parts = new String(DECODE.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (parts.length != 4 || !parts[0].equals("w1")) {
            throw invalid();
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
        if (!now.isBefore(expires)) {
            throw new ApiException(403, "widget_expired", "this widget expired at " + expires + "; ask an admin for a new one");
        }
        return new WidgetLink(parts[1], parts[2], expires);
    }

    private static ApiException invalid() {
        return new ApiException(403, "widget_invalid", "this widget URL is not one this server issued (or it was changed)");
    }

    private static byte[] hmac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
