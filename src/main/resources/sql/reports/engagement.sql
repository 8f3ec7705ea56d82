-- Per customer: bookings and what became of them, the first and last meeting held (not canceled
-- or rescheduled, started before :now) and the next one; the totals over every customer come
-- with each row (window aggregates), so a top-N still knows the whole.
WITH per_customer AS (
    SELECT f.customer_id,
           count(*) AS meetings,
           count(*) FILTER (WHERE f.outcome = 'completed') AS completed,
           count(*) FILTER (WHERE f.outcome = 'upcoming') AS upcoming,
           count(*) FILTER (WHERE f.outcome = 'no-show') AS no_shows,
           count(*) FILTER (WHERE f.outcome = 'canceled') AS canceled,
           count(*) FILTER (WHERE f.outcome = 'rescheduled') AS rescheduled,
           min(f.start_at) FILTER (WHERE f.status = 'active') AS first_meeting,
           max(f.start_at) FILTER (WHERE f.status = 'active' AND f.start_at < CAST(:now AS timestamptz)) AS last_meeting,
           min(f.start_at) FILTER (WHERE f.status = 'active' AND f.start_at >= CAST(:now AS timestamptz)) AS next_meeting
      FROM report_facts(:from, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                        :source, :viewerEmployeeId) AS f
     WHERE f.customer_id IS NOT NULL
     GROUP BY f.customer_id
)
SELECT p.*, c.name, c.email,
       count(*) OVER () AS total_customers,
       count(*) FILTER (WHERE p.completed >= 1) OVER () AS total_met,
       count(*) FILTER (WHERE p.completed >= 2) OVER () AS total_repeat,
       sum(p.meetings) OVER () AS total_meetings
  FROM per_customer p
  JOIN customers c ON c.id = p.customer_id
 ORDER BY p.meetings DESC, p.completed DESC, p.customer_id
 LIMIT :limit
