-- Bookings per bucket and outcome; with :by, per series too: eventType (one per event type),
-- employee (one per hosting employee: a meeting with two hosts counts for each; null = no
-- matched employee) or status (one per outcome). :by = 'none' gives the totals.
WITH counted AS (
    SELECT date_trunc(:interval, f.at) AS bucket,
           k.key,
           count(*) AS booked,
           count(*) FILTER (WHERE f.outcome = 'completed') AS completed,
           count(*) FILTER (WHERE f.outcome = 'upcoming') AS upcoming,
           count(*) FILTER (WHERE f.outcome = 'no-show') AS no_shows,
           count(*) FILTER (WHERE f.outcome = 'canceled') AS canceled,
           count(*) FILTER (WHERE f.outcome = 'rescheduled') AS rescheduled
      FROM report_facts(:from, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                        :source, :viewerEmployeeId) AS f
     CROSS JOIN LATERAL unnest(CASE CAST(:by AS text)
              WHEN 'employee' THEN CASE WHEN f.host_ids = '{}' THEN ARRAY[NULL::text] ELSE CAST(f.host_ids AS text[]) END
              WHEN 'eventType' THEN ARRAY[CAST(f.event_type_id AS text)]
              WHEN 'status' THEN ARRAY[f.outcome]
              ELSE ARRAY[NULL::text] END) AS k(key)
     GROUP BY 1, 2
)
SELECT c.*,
       CASE CAST(:by AS text) WHEN 'eventType' THEN coalesce(t.name, t.uri) WHEN 'employee' THEN coalesce(e.name, e.email)
            ELSE c.key END AS label,
       CASE WHEN CAST(:by AS text) = 'eventType' THEN t.uri END AS uri
  FROM counted c
  LEFT JOIN report_event_types t ON CAST(:by AS text) = 'eventType' AND CAST(t.id AS text) = c.key
  LEFT JOIN employees e ON CAST(:by AS text) = 'employee' AND CAST(e.id AS text) = c.key
 ORDER BY c.bucket, c.key
