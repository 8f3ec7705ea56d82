-- Bookings by someone who was not a customer when they booked (no active customer with that
-- email created before the booking) and how many of them became one within :days days after
-- booking; per bucket and in total (the row with a null bucket). Meetings without an invitee
-- email (manual ones) are not bookings here.
WITH customer_since AS (
    SELECT report_person_key(c.email) AS email_key, min(c.created_at) AS since
      FROM customers c
     WHERE c.status = 'active'
     GROUP BY 1
),
prospects AS (
    SELECT date_trunc(:interval, f.at) AS bucket, f.booked_at, s.since
      FROM report_facts(:from, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                        :source, :viewerEmployeeId) AS f
      LEFT JOIN customer_since s ON s.email_key = f.email_key
     WHERE f.email_key IS NOT NULL
       AND (s.since IS NULL OR s.since >= f.booked_at)
),
-- per bucket by hashing (a handful of groups), then the total from those rows: ROLLUP would sort
-- every booking of the range first
per_bucket AS (
    SELECT bucket,
           count(*) AS prospects,
           count(*) FILTER (WHERE since < booked_at + make_interval(days => CAST(:days AS integer))) AS converted
      FROM prospects
     GROUP BY bucket
)
SELECT bucket, prospects, converted FROM per_bucket
UNION ALL
SELECT NULL, coalesce(sum(prospects), 0), coalesce(sum(converted), 0) FROM per_bucket
