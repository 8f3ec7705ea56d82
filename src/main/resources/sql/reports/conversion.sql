-- Bookings by someone who was not a customer when they booked (no active customer with that email
-- made before the booking) and how many of them became one within :days days (of 24 hours) after
-- booking; per bucket and in total (the row with a null bucket). Meetings without an invitee
-- email (manual ones) are not bookings here. Meeting by meeting: for the filters the day counts
-- cannot answer, and with encryption at rest (conversion-days.sql answers the others).
WITH customer_since AS (
    -- only with encryption at rest (:peopleSealed): a sealed booking's keyed email against every
    -- customer's, keyed with the index key this session holds (rows in clear carry customer_since)
    SELECT report_person_key(c.email) AS email_key, min(c.created_at) AS since
      FROM customers c
     WHERE c.status = 'active' AND CAST(:peopleSealed AS boolean)
     GROUP BY 1
), bookings AS (
    SELECT date_trunc(:interval, f.at) AS bucket, f.booked_at, f.email_key,
           CASE WHEN f.sealed THEN s.since ELSE f.customer_since END AS since
      FROM report_facts(:from, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                        :source, :viewerEmployeeId) AS f
      LEFT JOIN customer_since s ON f.sealed AND s.email_key = f.email_key
),
-- per bucket by hashing (a handful of groups), then the total from those rows: ROLLUP would sort
-- every booking of the range first
per_bucket AS (
    SELECT bucket,
           count(*) AS prospects,
           count(*) FILTER (WHERE report_conversion_days(booked_at, since) < CAST(:days AS integer)) AS converted
      FROM bookings
     WHERE report_prospect(email_key, booked_at, since)
     GROUP BY bucket
)
SELECT bucket, prospects, converted FROM per_bucket
UNION ALL
SELECT NULL, coalesce(sum(prospects), 0), coalesce(sum(converted), 0) FROM per_bucket
