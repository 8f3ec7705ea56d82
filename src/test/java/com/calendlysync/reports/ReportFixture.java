package com.calendlysync.reports;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.calendlysync.support.TestDatabase;
import com.calendlysync.support.WebhookClient;

import static com.calendlysync.reports.Booking.DISCOVERY;
import static com.calendlysync.reports.Booking.ONBOARDING;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A known set of meetings, delivered as Calendly webhooks, that the report tests count by hand.
 * March 2026 in Europe/Berlin, where summer time starts on Sunday 29 March (that day has 23 hours):
 *
 *   M1  Sat 28 Mar 23:30 CET  (22:30Z)  Discovery 30'  Alice      customer 1   completed
 *   M2  Sun 29 Mar 00:30 CET  (23:30Z on the 28th)  Onboarding 60'  Bob  prospect1  no-show
 *   M3  Mon 30 Mar 00:30 CEST (22:30Z on the 29th)  Discovery 30'  Alice  customer 3  marked no-show, then
 *       canceled by the host after the start (a host cancellation)
 *   M4  Sun 29 Mar 23:30 CEST (21:30Z)  Onboarding 45'  Alice + Bob  prospect2  canceled by invitee
 *   M5  Mon 30 Mar 11:00 CEST  Discovery 30'  Bob  customer 2  rescheduled into M6
 *   M6  Tue 31 Mar 11:00 CEST  Discovery 30'  Bob  customer 2  completed
 *   M7  Mon  2 Mar 15:00 CET   Discovery 30'  Alice  customer 1  completed
 *   M8  Thu  5 Mar 11:00 CET   Onboarding 60'  Carol  prospect3  completed (became a customer on 20 Mar)
 *   M11 Tue 10 Mar 11:00 CET   manual 60'  Carol  customer 3  completed (entered by hand on 1 Mar)
 * The 31 days before (previous period): M9 (10 Feb, canceled by invitee), M10 (12 Feb, completed).
 * Upcoming: F1 in 3 days (Alice, customer 1), F2 in 5 days (Bob, prospect5, canceled by invitee).
 * Employees: 1 Alice, 2 Bob, 3 Carol, 4 Dana (no meetings). Customers 1-3 since 1 Jan 2026;
 * prospect3 became customer 4 on 20 Mar, prospect1 customer 5 on 1 Sep 2026. M1 is in project 1.
 */
public final class ReportFixture {

    public static final String ALICE = "alice@corp.example";
    public static final String BOB = "bob@corp.example";
    public static final String CAROL = "carol@corp.example";

    long m1;
    Booking f1;
    /** M4: prospect2's booking, the only one of theirs */
    Booking m4;

    public static ReportFixture seed(WebhookClient calendly) {
        ReportFixture f = new ReportFixture();
        TestDatabase.execute("INSERT INTO employees (email, name) VALUES (?, 'Alice Host'), (?, 'Bob Host'), (?, 'Carol Host'), "
                + "('dana@corp.example', 'Dana Idle')", ALICE, BOB, CAROL);
        for (int c = 1; c <= 3; c++) {
            TestDatabase.execute("INSERT INTO customers (email, name, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z')",
                    "customer" + c + "@client.example", "Customer " + c);
        }
        Booking m1 = new Booking(1, "2026-03-28T22:30:00Z", 30, "2026-03-20T10:00:00Z", "customer1@client.example", DISCOVERY, ALICE);
        Booking m2 = new Booking(2, "2026-03-28T23:30:00Z", 60, "2026-03-25T12:00:00Z", "prospect1@mail.example", ONBOARDING, BOB);
        Booking m3 = new Booking(3, "2026-03-29T22:30:00Z", 30, "2026-03-27T08:00:00Z", "customer3@client.example", DISCOVERY, ALICE);
        Booking m4 = new Booking(4, "2026-03-29T21:30:00Z", 45, "2026-03-10T09:00:00Z", "prospect2@mail.example", ONBOARDING, ALICE, BOB);
        Booking m5 = new Booking(5, "2026-03-30T09:00:00Z", 30, "2026-03-15T10:00:00Z", "customer2@client.example", DISCOVERY, BOB);
        Booking m6 = new Booking(6, "2026-03-31T09:00:00Z", 30, "2026-03-16T10:00:00Z", "customer2@client.example", DISCOVERY, BOB);
        Booking m7 = new Booking(7, "2026-03-02T14:00:00Z", 30, "2026-02-20T14:00:00Z", "customer1@client.example", DISCOVERY, ALICE);
        Booking m8 = new Booking(8, "2026-03-05T10:00:00Z", 60, "2026-03-01T10:00:00Z", "prospect3@mail.example", ONBOARDING, CAROL);
        Booking m9 = new Booking(9, "2026-02-10T10:00:00Z", 30, "2026-02-01T10:00:00Z", "prospect4@mail.example", DISCOVERY, ALICE);
        Booking m10 = new Booking(10, "2026-02-12T10:00:00Z", 30, "2026-02-05T10:00:00Z", "customer3@client.example", DISCOVERY, CAROL);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        f.f1 = new Booking(12, hour.plus(Duration.ofDays(3)), 30, hour.minus(Duration.ofDays(1)), "customer1@client.example", DISCOVERY, ALICE);
        Booking f2 = new Booking(13, hour.plus(Duration.ofDays(5)), 30, hour.minus(Duration.ofDays(1)), "prospect5@mail.example", ONBOARDING, BOB);

        for (Booking b : new Booking[] {m1, m2, m3, m4, m5, m7, m8, m9, m10, f.f1, f2}) {
            deliver(calendly, b.created());
        }
        deliver(calendly, m2.noShow());
        // marked no-show, then canceled by the host after the start: a host cancellation, not a no-show
        deliver(calendly, m3.noShow());
        deliver(calendly, m3.canceled("host", m3.start.plus(Duration.ofHours(2))));
        deliver(calendly, m4.canceled("invitee"));
        byte[] oldHalf = m5.rescheduledTo(m6);
        deliver(calendly, m6.created());
        deliver(calendly, oldHalf);
        deliver(calendly, m9.canceled("invitee"));
        deliver(calendly, f2.canceled("invitee"));

        // entered by hand, not from Calendly: counts like a booking made when it was entered
        TestDatabase.execute("INSERT INTO meetings (title, start_time, end_time, duration_minutes, status, source, customer_id, "
                + "employee_id, created_at) VALUES ('Site visit', '2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z', 60, 'active', "
                + "'manual', 3, 3, '2026-03-01T10:00:00Z')");
        // prospects who became customers after their bookings arrived
        TestDatabase.execute("INSERT INTO customers (email, name, created_at) VALUES ('prospect3@mail.example', 'Prospect Three', "
                + "'2026-03-20T00:00:00Z'), ('Prospect1@Mail.example ', 'Prospect One', '2026-09-01T00:00:00Z')");
        TestDatabase.execute("INSERT INTO projects (name, customer_id) VALUES ('Rollout', 1)");
        f.m1 = meetingOf(m1);
        f.m4 = m4;
        TestDatabase.execute("UPDATE meetings SET project_id = 1 WHERE id = ?", f.m1);
        return f;
    }

    static long meetingOf(Booking b) {
        return ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE invitee_uri = ?", b.inviteeUri())
                .get("meeting_id")).longValue();
    }

    public static void deliver(WebhookClient calendly, byte[] body) {
        HttpResponse<String> response = calendly.deliver(body);
        assertEquals(200, response.statusCode(), response.body());
    }
}
