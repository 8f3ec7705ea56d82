package com.calendlysync.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Calendly's {@code Calendly-Webhook-Signature: t=<unix>,v1=<hex>} header: HMAC-SHA256
 * over {@code t + "." + raw body bytes} with any of the configured signing keys (several during
 * a key rotation), compared in constant time, with the timestamp within the tolerance either way.
 */
public final class SignatureVerifier {

    /** The outcome, with a reason a caller can read back in a 401. */
    public record Result(boolean accepted, String reason) {
        static Result accept(String reason) {
            return new Result(true, reason);
        }

        static Result reject(String reason) {
            return new Result(false, reason);
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final List<byte[]> secrets;
    private final Duration tolerance;
    private final boolean allowUnsigned;
    private final Clock clock;

    public SignatureVerifier(List<String> secrets, Duration tolerance, boolean allowUnsigned, Clock clock) {
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.tolerance = tolerance;
        this.allowUnsigned = allowUnsigned;
        this.clock = clock;
    }

    /** Splits CALENDLY_WEBHOOK_SECRET: several keys, comma-separated, blanks ignored. */
    public static List<String> parseSecrets(String configured) {
        if (configured == null) {
            return List.of();
        }
        return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean isChecking() {
        return !secrets.isEmpty();
    }

    public boolean isAcceptingUnsigned() {
        return secrets.isEmpty() && allowUnsigned;
    }

    /** How the webhook is protected, for the start-up log and the status page. */
    public String describeMode() {
        if (isChecking()) {
            return "signature checking ON with " + secrets.size() + " key(s), tolerance " + tolerance.toSeconds() + " s";
        }
        if (allowUnsigned) {
            return "signature checking OFF: unsigned deliveries are ACCEPTED (CALENDLY_ALLOW_UNSIGNED=true)";
        }
        return "signature checking ON but no key is configured: every delivery is refused until CALENDLY_WEBHOOK_SECRET is set";
    }

    public Result verify(String header, byte[] body) {
        if (secrets.isEmpty()) {
            return allowUnsigned
                    ? Result.accept("unsigned deliveries are allowed")
                    : Result.reject("this server has no webhook signing key configured (CALENDLY_WEBHOOK_SECRET)");
        }
        if (header == null || header.isBlank()) {
            return Result.reject("the Calendly-Webhook-Signature header is missing");
        }
        Long timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Result.reject("the Calendly-Webhook-Signature header is malformed");
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return Result.reject("the signature timestamp t is not a number");
                }
            } else if (key.equals("v1")) {
                candidates.add(value.toLowerCase().getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (timestamp == null || candidates.isEmpty()) {
            return Result.reject("the Calendly-Webhook-Signature header needs both t= and v1=");
        }
        long skew = skewSeconds(clock.instant().getEpochSecond(), timestamp);
        if (skew > tolerance.toSeconds()) {
            return Result.reject("the signature timestamp is " + skew + " s away from this server's clock (tolerance "
                    + tolerance.toSeconds() + " s)");
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (byte[] secret : secrets) {
            byte[] expected = HEX.formatHex(hmac(secret, prefix, body)).getBytes(StandardCharsets.US_ASCII);
            for (byte[] candidate : candidates) {
                // no early exit: the time taken must not tell which key or how many bytes matched
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched ? Result.accept("signature verified") : Result.reject("the signature does not match");
    }

    /** Signs a body as Calendly does; the simulator, tests and the benchmark use it. */
    /** How far apart two epoch seconds are; a distance no long can hold counts as the largest one. */
    static long skewSeconds(long now, long timestamp) {
        try {
            return Math.abs(Math.subtractExact(now, timestamp));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    public static String sign(String secret, long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        String v1 = HEX.formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), prefix, body));
        return "t=" + timestamp + ",v1=" + v1;
    }

    private static byte[] hmac(byte[] secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
