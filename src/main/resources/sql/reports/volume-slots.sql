-- volume.sql from the 15-minute slot counts: totals (:by = 'none') or per outcome (:by = 'status').
WITH slots AS (
{{slots}}
), counted AS (
    SELECT date_trunc(:interval, s.slot) AS bucket,
           CAST(NULL AS text) AS key,
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
SELECT r.*, r.key AS label, CAST(NULL AS text) AS uri
  FROM rows r
 ORDER BY r.bucket
