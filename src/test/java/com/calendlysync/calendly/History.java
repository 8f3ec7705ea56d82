package com.calendlysync.calendly;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import com.calendlysync.calendly.CalendlySimulator.Event;
import com.calendlysync.calendly.CalendlySimulator.Host;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds a varied Calendly history in the simulator: one to three invitees per event, cancellations, reschedules, no-shows. */
public final class History {

    public static final Host ALICE = new Host(CalendlySimulator.API + "/users/alice", "alice@company.example", "Alice Host");
    public static final Host BOB = new Host(CalendlySimulator.API + "/users/bob", "Bob@Company.example ", "Bob Host");

    private History() {
    }

    /** events spread over [from, from + days), deterministic for a seed. */
    public static void build(CalendlySimulator sim, Instant from, int days, int events, long seed, boolean variety) {
        Random random = new Random(seed);
        Instant base = from.truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < events; i++) {
            Instant start = base.plusSeconds((long) (random.nextDouble() * days * 86_400L) / 900 * 900);
            List<Host> hosts = random.nextInt(5) == 0 ? List.of(ALICE, BOB) : List.of(random.nextBoolean() ? ALICE : BOB);
            Event event = sim.addEvent(start, 30, "Intro call " + (i % 7), hosts);
            int invitees = 1 + random.nextInt(3);
            for (int k = 0; k < invitees; k++) {
                int person = random.nextInt(40);
                sim.addInvitee(event, "Person " + person, "person" + person + "@client.example");
            }
            if (!variety) {
                continue;
            }
            int fate = random.nextInt(10);
            ObjectNode first = event.invitees.get(0);
            Instant when = start.minusSeconds(3600);
            if (fate == 0) {
                for (ObjectNode invitee : List.copyOf(event.invitees)) {
                    sim.cancelInvitee(event, invitee, "Alice Host", "host", "Host is ill", when);
                }
            } else if (fate == 1) {
                sim.cancelInvitee(event, first, first.get("name").asText(), "invitee", "Cannot make it", when);
            } else if (fate == 2 && event.invitees.size() == 1) {
                sim.reschedule(event, first, start.plusSeconds(2 * 86_400), when);
            } else if (fate == 3) {
                sim.markNoShow(first, start.plusSeconds(3600));
            }
        }
    }
}
