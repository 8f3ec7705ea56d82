package com.calendlysync.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail straight against PostgreSQL: row triggers record who changed what, the sealer
 * chains entries, verification finds an edited or deleted entry at its place, erasure of a value
 * keeps the chain valid, and the app's role can neither change nor remove entries.
 */
@Tag("fast")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainTest {

    @BeforeAll
    void schema() {
        TestDatabase.migrate();
    }

    @BeforeEach
    void empty() {
        TestDatabase.wipe();
    }

    /** Five customers changed by a token, then sealed: entries 1-5 (the inserts) and 6-10 (renames). */
    private void history() throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT set_config('calendly.actor', '{\"kind\":\"token\",\"id\":\"7\",\"role\":\"admin\"}', true)");
            for (int i = 1; i <= 5; i++) {
                s.execute("INSERT INTO customers (email, name) VALUES ('c" + i + "@client.example', 'Client " + i + "')");
            }
            s.execute("UPDATE customers SET name = name || ' Ltd'");
            c.commit();
        }
        TestDatabase.execute("SELECT audit_seal()");
    }

    private static Map<String, Object> verify() {
        return TestDatabase.one("SELECT * FROM audit_verify()");
    }

    private static void asSuperuserWithoutTriggers(String sql) {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyChangeIsOneEntryWithItsActorAndOnlyTheChangedFields() throws SQLException {
        history();
        assertEquals(10, TestDatabase.count("SELECT count(*) FROM audit_log WHERE entity = 'customers'"));
        Map<String, Object> rename = TestDatabase.one("SELECT actor ->> 'kind' AS kind, actor ->> 'id' AS id, action, entity_id, "
                + "changes::text AS changes FROM audit_log WHERE action = 'update' AND entity_id = '3'");
        assertEquals("token", rename.get("kind"));
        assertEquals("7", rename.get("id"));
        assertEquals("{\"name\": [\"Client 3\", \"Client 3 Ltd\"]}", rename.get("changes"));
        // a write without an actor (psql, a test) still names the database user
        TestDatabase.execute("INSERT INTO employees (email, name) VALUES ('e@company.example', 'E')");
        assertEquals("database", TestDatabase.one("SELECT actor ->> 'kind' AS k FROM audit_log WHERE entity = 'employees'").get("k"));
        // an update that changes nothing writes nothing
        TestDatabase.execute("UPDATE customers SET name = name WHERE id = 1");
        assertEquals(10, TestDatabase.count("SELECT count(*) FROM audit_log WHERE entity = 'customers'"));
    }

    @Test
    void anIntactChainVerifiesAndNewEntriesWaitUnsealed() throws SQLException {
        history();
        Map<String, Object> result = verify();
        long entries = TestDatabase.count("SELECT count(*) FROM audit_log");
        assertEquals(true, result.get("valid"));
        assertEquals(entries, result.get("entries"));
        assertNull(result.get("first_invalid_id"));
        TestDatabase.execute("UPDATE customers SET status = 'inactive' WHERE id = 2");
        assertEquals(1L, verify().get("unsealed"));
        assertEquals(1, ((Number) TestDatabase.one("SELECT audit_seal() AS n").get("n")).intValue());
        assertEquals(entries + 1, verify().get("entries"));
        assertEquals(true, verify().get("valid"));
    }

    @Test
    void anEntryEditedBySuperuserIsReportedAtItsId() throws SQLException {
        history();
        asSuperuserWithoutTriggers("UPDATE audit_log SET action = 'insert' WHERE id = 7");
        Map<String, Object> result = verify();
        assertEquals(false, result.get("valid"));
        assertEquals(7L, result.get("first_invalid_id"));
        assertTrue(String.valueOf(result.get("problem")).contains("hash"), String.valueOf(result.get("problem")));
    }

    @Test
    void aValueEditedBehindItsCommitmentIsReportedAtItsId() throws SQLException {
        history();
        asSuperuserWithoutTriggers("UPDATE audit_log SET changes = '{\"name\": [\"Client 4\", \"Someone Else\"]}' WHERE id = 9");
        Map<String, Object> result = verify();
        assertEquals(false, result.get("valid"));
        assertEquals(9L, result.get("first_invalid_id"));
        assertTrue(String.valueOf(result.get("problem")).contains("commitment"));
    }

    @Test
    void aDeletedEntryBreaksTheChainWhereItWas() throws SQLException {
        history();
        asSuperuserWithoutTriggers("DELETE FROM audit_log WHERE id = 4");
        Map<String, Object> result = verify();
        assertEquals(false, result.get("valid"));
        assertEquals(5L, result.get("first_invalid_id"));
        assertTrue(String.valueOf(result.get("problem")).contains("4 to 4"), String.valueOf(result.get("problem")));
    }

    @Test
    void anEntryAddedWithAForgedHashIsReported() throws SQLException {
        history();
        asSuperuserWithoutTriggers("INSERT INTO audit_log (id, actor, action, entity, entity_id, changes, seq, commitments, prev_hash, hash) "
                + "SELECT 100, '{\"kind\":\"token\"}', 'delete', 'customers', '1', '{}', seq + 1, '{}', hash, "
                + "sha256('forged'::bytea) FROM audit_log ORDER BY seq DESC LIMIT 1");
        assertEquals(100L, verify().get("first_invalid_id"));
    }

    @Test
    void erasingAValueKeepsTheChainValid() throws SQLException {
        history();
        assertEquals(2, ((Number) TestDatabase.one("SELECT privacy_redact_audit('customers', ARRAY['3']) AS n").get("n")).intValue());
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM audit_log WHERE changes::text LIKE '%Client 3%'"));
        assertEquals(true, verify().get("valid"));
    }

    @Test
    void theAppRoleCannotChangeOrRemoveEntriesAndNobodyRewritesThem() throws SQLException {
        history();
        for (String sql : new String[] {"UPDATE audit_log SET action = 'x' WHERE id = 1", "DELETE FROM audit_log WHERE id = 1",
                "TRUNCATE audit_log", "SELECT * FROM privacy_keys", "INSERT INTO audit_log (actor, action, entity) VALUES ('{}', 'x', 'y')"}) {
            try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
                s.execute("SET ROLE " + com.calendlysync.db.Database.APP_ROLE);
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
            }
        }
        // the owner (and a superuser with triggers on) is refused by the trigger
        for (String sql : new String[] {"UPDATE audit_log SET action = 'x' WHERE id = 1", "DELETE FROM audit_log WHERE id = 1",
                "TRUNCATE audit_log", "UPDATE audit_log SET hash = NULL WHERE id = 1"}) {
            SQLException refused = assertThrows(IllegalStateException.class, () -> TestDatabase.execute(sql)).getCause() instanceof SQLException e
                    ? e : null;
            assertTrue(refused != null && refused.getMessage().contains("append-only"), sql);
        }
        assertEquals(true, verify().get("valid"));
        assertFalse(TestDatabase.query("SELECT 1 FROM audit_log WHERE action = 'x'").size() > 0);
    }
}
