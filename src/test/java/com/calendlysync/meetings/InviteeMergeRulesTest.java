package com.calendlysync.meetings;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The merge rules of R__calendly_invitee_merge.sql and R__calendly_invitee_apply.sql, straight
 * against PostgreSQL: each row of the table is a sequence of versions of one booking (or of a
 * reschedule pair) as sources deliver them, and what the stored record must say afterwards.
 */
@Tag("fast")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InviteeMergeRulesTest {

    private static final String A = "https://api.calendly.com/scheduled_events/ea/invitees/ia";
    private static final String B = "https://api.calendly.com/scheduled_events/eb/invitees/ib";
    private static final String T1 = "2026-03-10T10:00:00Z";
    private static final String T2 = "2026-03-11T10:00:00Z";
    private static final String T3 = "2026-03-12T10:00:00Z";

    /** One version of invitee A (or B) as a source describes it. */
    private static final class Version {
        final ObjectNode calendly = JsonNodeFactory.instance.objectNode();
        final ObjectNode record = JsonNodeFactory.instance.objectNode();

        Version(String uri, String updatedAt, String change) {
            calendly.put("invitee_uri", uri).put("calendly_invitee_uuid", uri.substring(uri.lastIndexOf('/') + 1))
                    .put("calendly_event_uuid", "e").put("calendly_event_url", uri.substring(0, uri.indexOf("/invitees")))
                    .put("invitee_email", "person@example.com").put("invitee_name", "Person")
                    .put("invitee_status", "active").put("rescheduled", false).put("no_show", false)
                    .put("calendly_updated_at", updatedAt).put("event_updated_at", updatedAt)
                    .put("scheduled_at", "2026-04-01T10:00:00Z").put("event_name", "Call " + updatedAt);
            calendly.putArray("questions_and_answers");
            calendly.putArray("hosts");
            calendly.putObject("calendly_data").put("version", updatedAt);
            record.set("calendly", calendly);
            record.putObject("meeting").put("title", "Call " + updatedAt).put("start_time", "2026-04-01T10:00:00Z");
            record.put("change", change).put("observed_at", updatedAt);
        }

        Version status(String status) {
            calendly.put("invitee_status", status);
            if (!status.equals("active")) {
                calendly.put("canceled_at", calendly.get("calendly_updated_at").asText()).put("cancel_reason", "reason " + status)
                        .put("canceler_type", "invitee");
            }
            return this;
        }

        Version rescheduledTo(String replacement) {
            calendly.put("invitee_status", "rescheduled").put("rescheduled", true).put("new_invitee_uri", replacement);
            return this;
        }

        Version replaces(String old) {
            calendly.put("old_invitee_uri", old);
            return this;
        }

        Version noShow(boolean marked, String observedAt) {
            calendly.put("no_show", marked);
            if (marked) {
                calendly.put("no_show_uri", "https://api.calendly.com/invitee_no_shows/n1");
            }
            record.put("observed_at", observedAt);
            return this;
        }

        @Override
        public String toString() {
            return calendly.get("invitee_uri").asText().substring(calendly.get("invitee_uri").asText().length() - 2)
                    + "@" + calendly.get("calendly_updated_at").asText().substring(5, 10) + ":" + calendly.get("invitee_status").asText();
        }
    }

    private static Version a(String updatedAt) {
        return new Version(A, updatedAt, "created");
    }

    private static Version b(String updatedAt) {
        return new Version(B, updatedAt, "created");
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // newer wins
                Arguments.of("a newer version overwrites", List.of(a(T1), a(T2)), A, Map.of("event_name", "Call " + T2, "change", "updated")),
                Arguments.of("an older version never overwrites", List.of(a(T2), a(T1)), A, Map.of("event_name", "Call " + T2, "change", "unchanged")),
                Arguments.of("the same version again changes nothing", List.of(a(T1), a(T1)), A, Map.of("change", "unchanged")),
                // status only forward
                Arguments.of("a cancel after the booking", List.of(a(T1), a(T2).status("canceled")), A,
                        Map.of("invitee_status", "canceled", "cancel_reason", "reason canceled", "meeting_status", "canceled")),
                Arguments.of("a late booking never reactivates a cancel", List.of(a(T2).status("canceled"), a(T1)), A,
                        Map.of("invitee_status", "canceled", "cancel_reason", "reason canceled")),
                Arguments.of("an older cancel still cancels a newer active version", List.of(a(T2), a(T1).status("canceled")), A,
                        Map.of("invitee_status", "canceled", "event_name", "Call " + T2, "cancel_reason", "reason canceled")),
                Arguments.of("rescheduled outranks canceled", List.of(a(T2).status("canceled"), a(T1).rescheduledTo(B)), A,
                        Map.of("invitee_status", "rescheduled", "new_invitee_uri", B)),
                // reschedule links in any order
                Arguments.of("old half first, then the replacement", List.of(a(T1).rescheduledTo(B), b(T2).replaces(A)), A,
                        Map.of("invitee_status", "rescheduled", "new_invitee_uri", B, "meeting_status", "rescheduled")),
                Arguments.of("replacement first, then the old half canceled", List.of(b(T2).replaces(A), a(T1).status("canceled")), A,
                        Map.of("invitee_status", "rescheduled", "new_invitee_uri", B, "meeting_status", "rescheduled")),
                Arguments.of("replacement first, then the old booking's own creation", List.of(b(T2).replaces(A), a(T1)), A,
                        Map.of("invitee_status", "rescheduled", "new_invitee_uri", B)),
                Arguments.of("the replacement learns where it came from", List.of(a(T1).rescheduledTo(B), b(T2).replaces(A)), B,
                        Map.of("invitee_status", "active", "old_invitee_uri", A)),
                Arguments.of("an existing booking then rescheduled away", List.of(a(T1), b(T2).replaces(A)), A,
                        Map.of("invitee_status", "rescheduled", "new_invitee_uri", B, "meeting_status", "rescheduled")),
                // no-show follows the latest observation, whatever the invitee's version
                Arguments.of("marked", List.of(a(T1), a(T1).noShow(true, T2)), A, Map.of("no_show", "true")),
                Arguments.of("marked, then cleared later", List.of(a(T1), a(T1).noShow(true, T2), a(T1).noShow(false, T3)), A,
                        Map.of("no_show", "false")),
                Arguments.of("a clearing seen before the mark arrives late", List.of(a(T1), a(T1).noShow(false, T3), a(T1).noShow(true, T2)), A,
                        Map.of("no_show", "false")),
                Arguments.of("a mark observed later than a clearing", List.of(a(T1), a(T1).noShow(false, T2), a(T1).noShow(true, T3)), A,
                        Map.of("no_show", "true", "no_show_uri", "https://api.calendly.com/invitee_no_shows/n1")));
    }

    @BeforeAll
    void schema() {
        TestDatabase.migrate();
    }

    @BeforeEach
    void empty() {
        TestDatabase.wipe();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("rules")
    void theStoredRecordFollowsTheRules(String rule, List<Version> versions, String invitee, Map<String, String> expected) {
        String change = null;
        for (Version version : versions) {
            change = (String) TestDatabase.one("SELECT change FROM calendly_apply_invitee(CAST(? AS jsonb))",
                    version.record.toString()).get("change");
        }
        Map<String, Object> row = TestDatabase.one("SELECT c.*, m.status AS meeting_status FROM calendly_meetings c "
                + "JOIN meetings m ON m.id = c.meeting_id WHERE c.invitee_uri = ?", invitee);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Object actual = e.getKey().equals("change") ? change : row.get(e.getKey());
            assertEquals(e.getValue(), String.valueOf(actual), rule + ": " + e.getKey());
        }
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE invitee_uri = ?", invitee),
                "one row per invitee");
    }

    @Test
    void aCustomerLinkOnceMadeIsNeverUndoneByALaterNonMatch() {
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES ('person@example.com', 'P')");
        TestDatabase.one("SELECT change FROM calendly_apply_invitee(CAST(? AS jsonb))", a(T1).record.toString());
        TestDatabase.execute("UPDATE customers SET status = 'inactive'");
        TestDatabase.one("SELECT change FROM calendly_apply_invitee(CAST(? AS jsonb))", a(T2).record.toString());

        Map<String, Object> row = TestDatabase.one("SELECT c.customer_match, m.customer_id FROM calendly_meetings c "
                + "JOIN meetings m ON m.id = c.meeting_id");
        assertEquals("matched", row.get("customer_match"));
        assertEquals(1L, ((Number) row.get("customer_id")).longValue());
    }

    @Test
    void aDeliveryAgainIsADuplicateThatChangesNothing() {
        String record = a(T1).record.toString();
        byte[] raw = "{}".getBytes();
        Map<String, Object> first = TestDatabase.one("SELECT * FROM calendly_ingest_delivery(?, 'invitee.created', 'k1', CAST(? AS jsonb))", raw, record);
        Map<String, Object> again = TestDatabase.one("SELECT * FROM calendly_ingest_delivery(?, 'invitee.created', 'k1', CAST(? AS jsonb))", raw, record);

        assertEquals("processed", first.get("status"));
        assertEquals("created", first.get("change"));
        assertEquals("duplicate", again.get("status"));
        assertEquals("unchanged", again.get("change"));
        assertEquals(first.get("meeting_id"), again.get("meeting_id"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM webhook_deliveries"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE outcome = 'processed'"));
    }

    @Test
    void aNewColumnNeedsNoChangeToTheStatementThatStoresARow() {
        TestDatabase.one("SELECT change FROM calendly_apply_invitee(CAST(? AS jsonb))", a(T1).record.toString());
        TestDatabase.execute("ALTER TABLE calendly_meetings ADD COLUMN merge_rules_probe text");
        try {
            ObjectNode record = a(T2).record;
            ((ObjectNode) record.get("calendly")).put("merge_rules_probe", "stored");
            TestDatabase.one("SELECT change FROM calendly_apply_invitee(CAST(? AS jsonb))", record.toString());
            assertEquals("stored", TestDatabase.one("SELECT merge_rules_probe FROM calendly_meetings").get("merge_rules_probe"));
        } finally {
            TestDatabase.execute("ALTER TABLE calendly_meetings DROP COLUMN merge_rules_probe");
        }
    }
}
