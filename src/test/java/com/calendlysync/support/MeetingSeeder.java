package com.calendlysync.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.calendlysync.mapping.InviteeMapper;
import com.calendlysync.mapping.MappedInvitee;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seeds many Calendly meetings the way production makes them: webhook envelopes built from the
 * shared samples go through the real InviteeMapper and calendly_apply_invitee, with the
 * default customer match, so every schema rule (status order, reschedule links, host
 * matching) holds. Deterministic: meeting i always looks the same, so tests can reason about it.
 *
 * Per booking i: host employee i % 5 (a second host, (i+1) % 5, when i % 7 == 0); event type
 * i % 3; start 2026-01-01T09:00Z + 3h * i; invitee email of a customer when
 * i % 4 == 0; canceled when i % 9 == 3; no-show when i % 23 == 7; and when i % 47 == 11 the
 * booking is rescheduled twice (two more meetings, a chain of three).
 */
public final class MeetingSeeder {

    public static final int EMPLOYEES = 5;
    public static final int CUSTOMERS = 20;
    public static final String[] EVENT_TYPE_NAMES = {"30 Minute Discovery Call", "Onboarding Session", "Quarterly Review"};
    public static final Instant FIRST_START = Instant.parse("2026-01-01T09:00:00Z");
    private static final String[] FIRST = {"Jordan", "Priya", "Morgan", "Alex", "Sam", "Robin", "Taylor", "Casey", "Jamie", "Avery", "Riley"};
    private static final String[] LAST = {"Ellis", "Raman", "Blake", "Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva"};

    private final InviteeMapper mapper = new InviteeMapper();
    private final ObjectNode created = Samples.json(Samples.CREATED);
    private final ObjectNode canceled = Samples.json(Samples.CANCELED);

    /** Employees 1..5 and customers 1..20 (on a wiped database). */
    public static void people() {
        for (int e = 0; e < EMPLOYEES; e++) {
            TestDatabase.execute("INSERT INTO employees (email, name) VALUES (?, ?)", employeeEmail(e), "Employee " + (char) ('A' + e));
        }
        for (int c = 1; c <= CUSTOMERS; c++) {
            TestDatabase.execute("INSERT INTO customers (email, name) VALUES (?, ?)", customerEmail(c), "Customer " + c);
        }
    }

    public static String employeeEmail(int e) {
        return "host" + e + "@corp.example";
    }

    public static String customerEmail(int c) {
        return "customer" + c + "@client.example";
    }

    public static String eventTypeUri(int t) {
        return String.format("https://api.calendly.com/event_types/%08d-0000-4000-8000-000000000000", t);
    }

    public static String inviteeUri(int i, int hop) {
        return String.format("https://api.calendly.com/scheduled_events/%08x-%04x-4000-8000-000000000000/invitees/%08x-%04x-4000-9000-000000000000",
                i, hop, i, hop);
    }

    public static String inviteeName(int i) {
        return FIRST[i % FIRST.length] + " " + LAST[(i / FIRST.length) % LAST.length];
    }

    public static String inviteeEmail(int i) {
        return i % 4 == 0 ? customerEmail((i / 4) % CUSTOMERS + 1)
                : (FIRST[i % FIRST.length] + "." + LAST[(i / FIRST.length) % LAST.length] + "." + i + "@mail.example").toLowerCase();
    }

    /** Bookings 0..count-1 as described above; answers the number of meetings made. */
    public int seed(int count) {
        int meetings = 0;
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                boolean chain = i % 47 == 11;
                apply(c, envelope(i, 0, "invitee.created", false, chain ? null : null, null, 0));
                meetings++;
                if (chain) {
                    apply(c, envelope(i, 0, "invitee.canceled", false, inviteeUri(i, 1), null, 1));
                    apply(c, envelope(i, 1, "invitee.created", false, null, inviteeUri(i, 0), 2));
                    apply(c, envelope(i, 1, "invitee.canceled", false, inviteeUri(i, 2), inviteeUri(i, 0), 3));
                    apply(c, envelope(i, 2, "invitee.created", false, null, inviteeUri(i, 1), 4));
                    meetings += 2;
                } else if (i % 9 == 3) {
                    apply(c, envelope(i, 0, "invitee.canceled", false, null, null, 1));
                }
                if (i % 23 == 7 && i % 9 != 3) {
                    apply(c, envelope(i, 0, "invitee_no_show.created", true, null, null, 2));
                }
                if (i % 500 == 499) {
                    c.commit();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return meetings;
    }

    /** The webhook envelope of booking i (hop 0 = original, 1 and 2 = its reschedules). */
    public ObjectNode envelope(int i, int hop, String event, boolean noShow, String newInvitee, String oldInvitee, int version) {
        boolean cancel = event.equals("invitee.canceled");
        ObjectNode envelope = (cancel ? canceled : created).deepCopy();
        Instant start = FIRST_START.plus(3L * i + 24L * hop, ChronoUnit.HOURS);
        Instant changedAt = Instant.parse("2025-12-01T00:00:00Z").plus(i, ChronoUnit.MINUTES).plus(version, ChronoUnit.SECONDS);
        envelope.put("event", event);
        envelope.put("created_at", changedAt.plusMillis(500).toString());
        ObjectNode p = (ObjectNode) envelope.get("payload");
        String uri = inviteeUri(i, hop);
        String eventUri = uri.substring(0, uri.indexOf("/invitees/"));
        p.put("uri", uri);
        p.put("event", eventUri);
        p.put("name", inviteeName(i));
        p.put("first_name", FIRST[i % FIRST.length]);
        p.put("last_name", LAST[(i / FIRST.length) % LAST.length]);
        p.put("email", inviteeEmail(i));
        p.put("updated_at", changedAt.toString());
        p.put("created_at", changedAt.minusSeconds(60).toString());
        p.put("rescheduled", newInvitee != null);
        if (newInvitee == null) {
            p.putNull("new_invitee");
        } else {
            p.put("new_invitee", newInvitee);
        }
        if (oldInvitee == null) {
            p.putNull("old_invitee");
        } else {
            p.put("old_invitee", oldInvitee);
        }
        p.put("cancel_url", "https://calendly.com/cancellations/" + uri.substring(uri.lastIndexOf('/') + 1));
        p.put("reschedule_url", "https://calendly.com/reschedulings/" + uri.substring(uri.lastIndexOf('/') + 1));
        if (noShow) {
            ObjectNode mark = p.putObject("no_show");
            mark.put("uri", "https://api.calendly.com/invitee_no_shows/" + String.format("%08x-0000-4000-8000-000000000000", i));
            mark.put("created_at", changedAt.toString());
        } else {
            p.putNull("no_show");
        }
        ObjectNode se = (ObjectNode) p.get("scheduled_event");
        se.put("uri", eventUri);
        se.put("start_time", start.toString());
        se.put("end_time", start.plus(30, ChronoUnit.MINUTES).toString());
        se.put("name", EVENT_TYPE_NAMES[i % 3]);
        se.put("event_type", eventTypeUri(i % 3));
        se.put("status", cancel ? "canceled" : "active");
        se.put("updated_at", changedAt.toString());
        se.put("created_at", changedAt.minusSeconds(60).toString());
        ArrayNode hosts = se.putArray("event_memberships");
        addHost(hosts, i % EMPLOYEES);
        if (i % 7 == 0) {
            addHost(hosts, (i + 1) % EMPLOYEES);
        }
        return envelope;
    }

    private static void addHost(ArrayNode hosts, int e) {
        ObjectNode host = hosts.addObject();
        host.put("user", "https://api.calendly.com/users/" + String.format("%08d-0000-4000-8000-000000000000", e));
        host.put("user_email", employeeEmail(e));
        host.put("user_name", "Employee " + (char) ('A' + e));
    }

    private void apply(Connection c, ObjectNode envelope) throws SQLException {
        MappedInvitee mapped = mapper.fromWebhook(envelope, envelope.get("event").asText());
        try (PreparedStatement ps = c.prepareStatement("SELECT change FROM calendly_apply_invitee(CAST(? AS jsonb))")) {
            ps.setString(1, mapped.record());
            ps.executeQuery().close();
        }
    }
}
