-- volume.sql from the 15-minute slot counts: totals (:by = 'none'), per event type or per outcome.
WITH slots AS (
{{slots}}
), counted AS (
    SELECT date_trunc(:interval, s.slot) AS bucket,
           CASE CAST(:by AS text) WHEN 'eventType' THEN CAST(nullif(s.event_type_id, 0) AS text) END AS key,
           sum(s.booked) AS booked, sum(s.completed) AS completed, sum(s.upcoming) AS upcoming,
           sum(s.no_shows) AS no_shows, sum(s.canceled) AS canceled, sum(s.rescheduled) AS rescheduled
      FROM slots s
     GROUP BY 1, 2
), by_outcome AS (
    -- by = status: one series per outcome, each counting only its own bookings
    SELECT c.bucket, o.key, o.n AS booked,
           CASE o.key WHEN 'completed' THEN o.n ELSE 0 END AS completed,
           CASE o.key WHEN 'upcoming' THEN o.n ELSE 0 END AS upcoming,
           CASE o.key WHEN 'no-show' THEN o.n ELSE 0 END AS no_shows,
           CASE o.key WHEN 'canceled' THEN o.n ELSE 0 END AS canceled,
           CASE o.key WHEN 'rescheduled' THEN o.n ELSE 0 END AS rescheduled
      FROM counted c
     CROSS JOIN LATERAL (VALUES ('completed', c.completed), ('upcoming', c.upcoming), ('no-show', c.no_shows),
                                ('canceled', c.canceled), ('rescheduled', c.rescheduled)) AS o(key, n)
     WHERE CAST(:by AS text) = 'status' AND o.n <> 0
), rows AS (
    SELECT * FROM counted WHERE CAST(:by AS text) <> 'status' AND booked <> 0
    UNION ALL
    SELECT * FROM by_outcome
)
SELECT r.*,
       CASE CAST(:by AS text) WHEN 'eventType' THEN coalesce(t.name, t.uri) ELSE r.key END AS label,
       CASE WHEN CAST(:by AS text) = 'eventType' THEN t.uri END AS uri
  FROM rows r
  LEFT JOIN report_event_types t ON CAST(:by AS text) = 'eventType' AND CAST(t.id AS text) = r.key
 ORDER BY r.bucket
