-- (Included by the *-slots.sql queries.) The 15-minute slots of [:rangeFrom, :to) with their
-- counts, narrowed by source; meetings still to come are moved from completed to upcoming (a
-- handful of rows read from report_meetings: only those starting after :now).
    SELECT s.slot, s.lead_half_hours, s.booked, s.held AS completed, 0 AS upcoming, s.no_shows, s.canceled,
           s.canceled_by_host, s.canceled_by_invitee, s.rescheduled, s.minutes
      FROM report_slot_counts s
     WHERE s.basis = CASE WHEN CAST(:byBooking AS boolean) THEN 'b'::"char" ELSE 's'::"char" END
       AND s.slot >= CAST(:rangeFrom AS timestamptz) AND s.slot < CAST(:to AS timestamptz)
       AND (CAST(:source AS text) IS NULL OR s.source = CAST(:source AS text))
    UNION ALL
    SELECT report_slot(f.at), 0, 0, -1, 1, 0, 0, 0, 0, 0, 0
      FROM report_facts(:rangeFrom, :to, :byBooking, :now, NULL, NULL, NULL, NULL, :source, NULL) AS f
     WHERE f.outcome = 'upcoming' AND f.start_at >= CAST(:now AS timestamptz)
