-- The headline numbers of the range and of the range of equal length just before it, in one
-- pass over both; :previousFrom starts the previous range, :from this one. The median lead time
-- is lead-time.sql; summary-slots.sql counts the same from the slot counts when no per-meeting
-- filter is asked for.
SELECT CASE WHEN f.at >= CAST(:from AS timestamptz) THEN 'current' ELSE 'previous' END AS period,
       count(*) AS booked,
       count(*) FILTER (WHERE f.outcome = 'completed') AS completed,
       count(*) FILTER (WHERE f.outcome = 'upcoming') AS upcoming,
       count(*) FILTER (WHERE f.outcome = 'no-show') AS no_shows,
       count(*) FILTER (WHERE f.outcome = 'canceled') AS canceled,
       count(*) FILTER (WHERE f.outcome = 'canceled' AND f.canceled_by = 'host') AS canceled_by_host,
       count(*) FILTER (WHERE f.outcome = 'canceled' AND f.canceled_by = 'invitee') AS canceled_by_invitee,
       count(*) FILTER (WHERE f.outcome = 'rescheduled') AS rescheduled,
       coalesce(sum(f.minutes) FILTER (WHERE f.status = 'active'), 0) / 60.0 AS hours_booked
  FROM report_facts(:previousFrom, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                    :source, :viewerEmployeeId) AS f
 GROUP BY 1
