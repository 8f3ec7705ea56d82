package com.calendlysync.privacy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import com.calendlysync.audit.AuditTrail;
import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy key at start: generated when none is configured, a configured one adopted while
 * nothing was hashed yet, a different one refused once data was hashed; and the daily head of
 * the chain is the last sealed entry.
 */
@Tag("fast")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyKeyTest {

    private static final String KEY = "a-configured-privacy-key-of-40-characters";

    @BeforeAll
    void schema() {
        TestDatabase.migrate();
    }

    @BeforeEach
    void empty() {
        TestDatabase.wipe();
        TestDatabase.execute("DELETE FROM privacy_keys");
    }

    @Test
    void aKeyIsGeneratedThenAConfiguredOneIsAdoptedOnlyWhileNothingWasHashed() throws SQLException {
        try (Connection owner = TestDatabase.connect()) {
            assertTrue(PrivacyKey.ensure(owner, null).startsWith("generated"));
            assertEquals("generated", TestDatabase.one("SELECT source FROM privacy_keys").get("source"));
            assertEquals("CALENDLY_PRIVACY_KEY", PrivacyKey.ensure(owner, KEY));
            assertArrayEquals(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), (byte[]) TestDatabase.one("SELECT key FROM privacy_keys").get("key"));
            assertEquals("CALENDLY_PRIVACY_KEY", PrivacyKey.ensure(owner, KEY));

            TestDatabase.execute("SELECT privacy_erase('someone@example.com', 'test')");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PrivacyKey.ensure(owner, KEY + "-changed"));
            assertTrue(refused.getMessage().contains("differs"), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PrivacyKey.ensure(owner, "short"));
        }
    }

    @Test
    void theDailyHeadIsTheLastSealedEntry() throws SQLException {
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES ('a@client.example', 'A'), ('b@client.example', 'B')");
        Map<String, Object> head = new AuditTrail(TestDatabase.server().getPostgresDatabase()).logHead();
        Map<String, Object> last = TestDatabase.one("SELECT seq, id, encode(hash, 'hex') AS hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        assertEquals(last.get("seq"), head.get("seq"));
        assertEquals(last.get("hash"), head.get("hash"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM audit_log WHERE hash IS NULL"));
    }
}
