-- summary.sql's counts and lead-time.sql's median from the 15-minute slot counts (used when no
-- per-meeting filter is asked for). The slots' lead times form a histogram: the median is read
-- from it as percentile_cont would read it from the single values.
WITH slots AS (
{{slots}}
), periods AS (
    SELECT CASE WHEN s.slot >= CAST(:from AS timestamptz) THEN 'current' ELSE 'previous' END AS period, s.*
      FROM slots s
), leads AS (
    SELECT period, lead_half_hours, sum(booked) AS n
      FROM periods
     GROUP BY 1, 2
    HAVING sum(booked) > 0
), ranked AS (
    SELECT period, lead_half_hours,
           sum(n) OVER (PARTITION BY period ORDER BY lead_half_hours) AS up_to,
           sum(n) OVER (PARTITION BY period) AS total
      FROM leads
), median AS (
    SELECT period,
           (min(lead_half_hours) FILTER (WHERE up_to > floor((total - 1) / 2.0))
            + min(lead_half_hours) FILTER (WHERE up_to > ceil((total - 1) / 2.0))) / 4.0 AS lead_time_hours
      FROM ranked
     GROUP BY 1
)
SELECT p.period,
       sum(p.booked) AS booked, sum(p.completed) AS completed, sum(p.upcoming) AS upcoming, sum(p.no_shows) AS no_shows,
       sum(p.canceled) AS canceled, sum(p.canceled_by_host) AS canceled_by_host,
       sum(p.canceled_by_invitee) AS canceled_by_invitee, sum(p.rescheduled) AS rescheduled,
       sum(p.minutes) / 60.0 AS hours_booked,
       min(m.lead_time_hours) AS lead_time_hours
  FROM periods p
  LEFT JOIN median m ON m.period = p.period
 GROUP BY 1
