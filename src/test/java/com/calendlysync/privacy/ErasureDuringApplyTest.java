package com.calendlysync.privacy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An erasure and a webhook about the same person at the same moment, straight against
 * PostgreSQL (privacy_subjects_lock, R__privacy_rules.sql): whichever starts first, the person's
 * data is nowhere once both have committed, neither in the Calendly record nor in the stored body.
 */
@Tag("fast")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureDuringApplyTest {

    private static final String EMAIL = "racing.person@example.com";

    @BeforeAll
    void schema() {
        TestDatabase.migrate();
    }

    @BeforeEach
    void empty() {
        TestDatabase.wipe();
    }

    private static void ingest(Connection c, String name) throws SQLException {
        String uri = "https://api.calendly.com/scheduled_events/e-" + name + "/invitees/i-" + name;
        ObjectNode calendly = JsonNodeFactory.instance.objectNode()
                .put("invitee_uri", uri).put("calendly_invitee_uuid", "i-" + name).put("calendly_event_uuid", "e-" + name)
                .put("calendly_event_url", uri.substring(0, uri.indexOf("/invitees")))
                .put("invitee_email", EMAIL).put("invitee_name", "Racing Person").put("invitee_status", "active")
                .put("rescheduled", false).put("no_show", false).put("scheduled_at", "2026-04-01T10:00:00Z")
                .put("event_end_at", "2026-04-01T10:30:00Z").put("calendly_updated_at", "2026-03-10T10:00:00Z")
                .put("event_updated_at", "2026-03-10T10:00:00Z");
        calendly.putArray("questions_and_answers");
        calendly.putArray("hosts");
        calendly.putObject("calendly_data").put("email", EMAIL);
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.set("calendly", calendly);
        record.putObject("meeting").put("title", "Call").put("start_time", "2026-04-01T10:00:00Z")
                .put("description", "Answers of " + EMAIL);
        record.put("change", "created").put("observed_at", "2026-03-10T10:00:00Z");
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("event", "invitee.created");
        body.putObject("payload").put("uri", uri).put("email", EMAIL).put("name", "Racing Person");
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT status FROM calendly_ingest_delivery(?, 'invitee.created', ?, CAST(? AS jsonb))")) {
            ps.setBytes(1, body.toString().getBytes(StandardCharsets.UTF_8));
            ps.setString(2, "race-" + name);
            ps.setString(3, record.toString());
            ps.executeQuery().close();
        }
    }

    private static void erase(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT privacy_erase('" + EMAIL + "', 'race')").close();
        }
    }

    /** Someone of the database is waiting on an advisory lock (the erasure's or the apply's). */
    private static void awaitOneWaitingOnTheLock() {
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'") == 1);
    }

    private static void assertThePersonIsNowhere() {
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE invitee_email IS NOT NULL "
                + "OR invitee_name IS NOT NULL OR calendly_data::text LIKE '%" + EMAIL + "%'"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM meetings WHERE description IS NOT NULL"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE strpos(encode(raw_body, 'escape'), ?) > 0",
                EMAIL));
    }

    @Test
    void anErasureWaitsForTheApplyInFlightAndThenErasesWhatItWrote() throws Exception {
        try (Connection apply = TestDatabase.connect()) {
            apply.setAutoCommit(false);
            ingest(apply, "first");
            CompletableFuture<Void> erasure = CompletableFuture.runAsync(() -> {
                try (Connection c = TestDatabase.connect()) {
                    erase(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitOneWaitingOnTheLock();
            assertFalse(erasure.isDone());
            apply.commit();
            erasure.get(10, TimeUnit.SECONDS);
        }
        assertThePersonIsNowhere();
    }

    @Test
    void anApplyDuringAnErasureWaitsAndStoresThePersonWithheld() throws Exception {
        try (Connection erasure = TestDatabase.connect()) {
            erasure.setAutoCommit(false);
            erase(erasure);
            CompletableFuture<Void> apply = CompletableFuture.runAsync(() -> {
                try (Connection c = TestDatabase.connect()) {
                    ingest(c, "second");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitOneWaitingOnTheLock();
            assertFalse(apply.isDone());
            erasure.commit();
            apply.get(10, TimeUnit.SECONDS);
        }
        assertThePersonIsNowhere();
    }
}
