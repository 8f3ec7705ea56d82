-- (Included by the *-slots.sql queries.) The 15-minute slots of [:rangeFrom, :to) with their
-- counts, narrowed by event type and source; meetings still to come are moved from completed
-- to upcoming (a handful of rows read from report_meetings: only those starting after :now).
    SELECT s.slot, s.event_type_id, s.booked, s.held AS completed, 0 AS upcoming, s.no_shows, s.canceled,
           s.canceled_by_host, s.canceled_by_invitee, s.rescheduled, s.minutes
      FROM report_slot_counts s
     WHERE s.basis = CASE WHEN CAST(:byBooking AS boolean) THEN 'b'::"char" ELSE 's'::"char" END
       AND s.slot >= CAST(:rangeFrom AS timestamptz) AND s.slot < CAST(:to AS timestamptz)
       AND (CAST(:eventType AS text) IS NULL OR s.event_type_id IN (
               SELECT t.id FROM report_event_types t
                WHERE CASE WHEN CAST(:eventType AS text) LIKE 'http%' THEN t.uri = CAST(:eventType AS text)
                           ELSE lower(t.name) = lower(CAST(:eventType AS text)) END))
       AND (CAST(:source AS text) IS NULL OR s.source = CAST(:source AS text))
    UNION ALL
    SELECT report_slot(f.at), coalesce(f.event_type_id, 0), 0, -1, 1, 0, 0, 0, 0, 0, 0
      FROM report_facts(:rangeFrom, :to, :byBooking, :now, :eventType, NULL, NULL, NULL, :source, NULL) AS f
     WHERE f.outcome = 'upcoming' AND f.start_at >= CAST(:now AS timestamptz)
