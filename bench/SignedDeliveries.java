import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes N unique signed invitee.created deliveries, one per line as "signature TAB body", for
 * bench/webhook.lua. Each is a new invitee in a scheduled event of its own, built from the
 * shared sample and compacted as Calendly sends it. Signatures carry the current time, so
 * generate right before the run (the tolerance is 180 s). JDK only: `java bench/SignedDeliveries.java`.
 *
 * Arguments: secret templateFile n runId outFile
 */
public class SignedDeliveries {

    public static void main(String[] args) throws Exception {
        byte[] key = args[0].getBytes(StandardCharsets.UTF_8);
        String template = compact(Files.readString(Path.of(args[1])));
        int n = Integer.parseInt(args[2]);
        String runId = args[3];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        long ts = System.currentTimeMillis() / 1000;
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[4]))) {
            for (int i = 0; i < n; i++) {
                String id = String.format("%s-%08d", runId, i);
                String body = template
                        .replace("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "bench-event-" + id)
                        .replace("a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d", "bench-invitee-" + id)
                        .replace("jordan.ellis@example.com", "guest-" + id + "@example.com");
                mac.update((ts + ".").getBytes(StandardCharsets.US_ASCII));
                String v1 = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
                out.write("t=" + ts + ",v1=" + v1);
                out.write('\t');
                out.write(body);
                out.write('\n');
            }
        }
    }

    /** Calendly sends compact JSON; the sample file is pretty-printed. */
    private static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (char c : json.toCharArray()) {
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
