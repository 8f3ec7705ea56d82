-- summary.sql's counts from the 15-minute slot counts (no per-meeting filter asked for).
WITH slots AS (
{{slots}}
)
SELECT CASE WHEN s.slot >= CAST(:from AS timestamptz) THEN 'current' ELSE 'previous' END AS period,
       sum(s.booked) AS booked, sum(s.completed) AS completed, sum(s.upcoming) AS upcoming, sum(s.no_shows) AS no_shows,
       sum(s.canceled) AS canceled, sum(s.canceled_by_host) AS canceled_by_host,
       sum(s.canceled_by_invitee) AS canceled_by_invitee, sum(s.rescheduled) AS rescheduled,
       sum(s.minutes) / 60.0 AS hours_booked
  FROM slots s
 GROUP BY 1
