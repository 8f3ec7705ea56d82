package com.calendlysync.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.calendlysync.support.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature scheme against the shared test vector, with the clock pinned to its timestamp. */
@Tag("fast")
class SignatureVerifierTest {

    private static final JsonNode VECTOR = Samples.json("signature-test-vector.json");
    private static final byte[] BODY = Samples.bytes("signature-test-body.json");
    private static final String KEY = VECTOR.get("signing_key").asText();
    private static final long T = VECTOR.get("timestamp").asLong();

    private static SignatureVerifier verifierAt(long epochSecond, String... keys) {
        return new SignatureVerifier(List.of(keys), Duration.ofSeconds(180), false,
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void theVectorVerifiesOverTheExactBytes() {
        assertEquals(VECTOR.get("body_length_bytes").asInt(), BODY.length);
        assertTrue(verifierAt(T, KEY).verify(VECTOR.get("header_value").asText(), BODY).accepted());
        assertEquals(VECTOR.get("header_value").asText(), SignatureVerifier.sign(KEY, T, BODY));
    }

    @Test
    void aSignatureOverTheBodyAloneIsRejected() {
        String bodyOnly = "t=" + T + ",v1=" + VECTOR.get("wrong_v1_if_body_only_is_signed").asText();
        assertFalse(verifierAt(T, KEY).verify(bodyOnly, BODY).accepted());
    }

    @Test
    void aChangedTimestampOrBodyIsRejected() {
        assertFalse(verifierAt(T, KEY).verify(VECTOR.get("tampered_header_example").asText(), BODY).accepted());
        byte[] reformatted = Samples.bytes(Samples.CREATED); // same JSON, pretty-printed: other bytes
        assertFalse(verifierAt(T, KEY).verify(VECTOR.get("header_value").asText(), reformatted).accepted());
    }

    @Test
    void anyOfSeveralKeysAcceptsDuringRotation() {
        SignatureVerifier rotating = verifierAt(T, "new-key", KEY);
        assertTrue(rotating.verify(VECTOR.get("header_value").asText(), BODY).accepted());
        assertTrue(rotating.verify(SignatureVerifier.sign("new-key", T, BODY), BODY).accepted());
        assertFalse(rotating.verify(SignatureVerifier.sign("retired-key", T, BODY), BODY).accepted());
        assertEquals(List.of("a", "b"), SignatureVerifier.parseSecrets(" a, ,b "));
    }

    @Test
    void aTimestampSoFarAwayThatTheDistanceOverflowsIsRejected() {
        for (long t : new long[] {T - (1L << 62) - (1L << 62), Long.MIN_VALUE, Long.MAX_VALUE, T + Long.MAX_VALUE / 2 + 1}) {
            String header = SignatureVerifier.sign(KEY, t, BODY);
            SignatureVerifier.Result result = verifierAt(T, KEY).verify(header, BODY);
            assertFalse(result.accepted(), "t=" + t);
            assertTrue(result.reason().contains("away from this server's clock"), result.reason());
        }
    }

    @Test
    void timestampsOutsideTheToleranceAreRejectedBothWays() {
        String header = VECTOR.get("header_value").asText();
        assertTrue(verifierAt(T + 180, KEY).verify(header, BODY).accepted());
        assertTrue(verifierAt(T - 180, KEY).verify(header, BODY).accepted());
        SignatureVerifier.Result stale = verifierAt(T + 181, KEY).verify(header, BODY);
        assertFalse(stale.accepted());
        assertTrue(stale.reason().contains("181 s"), stale.reason());
        assertFalse(verifierAt(T - 181, KEY).verify(header, BODY).accepted());
    }

    @Test
    void headersAreParsedByKeyNotPosition() {
        String v1 = VECTOR.get("expected_v1_hex").asText();
        assertTrue(verifierAt(T, KEY).verify("v1=" + v1 + ",t=" + T, BODY).accepted());
        assertTrue(verifierAt(T, KEY).verify("t=" + T + ",v1=" + "0".repeat(64) + ",v1=" + v1, BODY).accepted());
        assertTrue(verifierAt(T, KEY).verify("t=" + T + ",v1=" + v1.toUpperCase(), BODY).accepted());
    }

    @Test
    void malformedHeadersAreRejectedWithAReason() {
        SignatureVerifier verifier = verifierAt(T, KEY);
        assertEquals("the Calendly-Webhook-Signature header is missing", verifier.verify(null, BODY).reason());
        assertFalse(verifier.verify("", BODY).accepted());
        assertFalse(verifier.verify("garbage", BODY).accepted());
        assertFalse(verifier.verify("t=abc,v1=00", BODY).accepted());
        assertFalse(verifier.verify("t=" + T, BODY).accepted());
        assertFalse(verifier.verify("v1=" + VECTOR.get("expected_v1_hex").asText(), BODY).accepted());
    }

    @Test
    void withoutAKeyDeliveriesAreRefusedUnlessUnsignedIsAllowed() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);
        SignatureVerifier strict = new SignatureVerifier(List.of(), Duration.ofSeconds(180), false, clock);
        assertFalse(strict.verify(null, BODY).accepted());
        assertTrue(strict.describeMode().contains("refused"));
        SignatureVerifier open = new SignatureVerifier(List.of(), Duration.ofSeconds(180), true, clock);
        assertTrue(open.verify(null, BODY).accepted());
        assertTrue(open.isAcceptingUnsigned());
    }
}
