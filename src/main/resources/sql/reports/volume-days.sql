-- volume.sql's series per employee (dimension e) or per event type (t) from the day counts
-- (day-counts.sql); used when the filters allow it (see there), volume.sql otherwise.
WITH
{{day-counts}}, per_key AS (
    SELECT c.bucket, CAST(c.key AS text) AS key,
           sum(c.booked) AS booked, sum(c.completed) AS completed, sum(c.upcoming) AS upcoming,
           sum(c.no_shows) AS no_shows, sum(c.canceled) AS canceled, sum(c.rescheduled) AS rescheduled
      FROM counted c
     GROUP BY 1, 2
    HAVING sum(c.booked) <> 0
)
SELECT c.*,
       CASE CAST(:dimension AS text) WHEN 't' THEN coalesce(t.name, t.uri) ELSE coalesce(e.name, e.email) END AS label,
       CASE WHEN CAST(:dimension AS text) = 't' THEN t.uri END AS uri
  FROM per_key c
  LEFT JOIN report_event_types t ON CAST(:dimension AS text) = 't' AND CAST(t.id AS text) = c.key
  LEFT JOIN employees e ON CAST(:dimension AS text) = 'e' AND CAST(e.id AS text) = c.key
 ORDER BY c.bucket, c.key
