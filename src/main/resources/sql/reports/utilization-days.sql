-- utilization.sql from the day counts (day-counts.sql, dimension e): used when no event type,
-- customer or project filter is asked for (those need single meetings: utilization.sql).
WITH
{{day-counts}}, hosted AS (
    SELECT c.key AS employee_id,
           sum(c.booked) AS meetings, sum(c.completed) AS completed, sum(c.upcoming) AS upcoming,
           sum(c.no_shows) AS no_shows, sum(c.canceled) AS canceled, sum(c.rescheduled) AS rescheduled,
           sum(c.minutes) AS minutes_booked
      FROM counted c
     WHERE c.key IS NOT NULL
     GROUP BY c.key
)
SELECT e.id AS employee_id, e.name, e.email,
       coalesce(h.meetings, 0) AS meetings, coalesce(h.completed, 0) AS completed, coalesce(h.upcoming, 0) AS upcoming,
       coalesce(h.no_shows, 0) AS no_shows, coalesce(h.canceled, 0) AS canceled,
       coalesce(h.rescheduled, 0) AS rescheduled, coalesce(h.minutes_booked, 0) AS minutes_booked
  FROM employees e
  LEFT JOIN hosted h ON h.employee_id = e.id
 WHERE (e.active OR (h.employee_id IS NOT NULL AND h.meetings <> 0))
   AND (CAST(:employeeId AS bigint) IS NULL OR e.id = CAST(:employeeId AS bigint))
   AND (CAST(:viewerEmployeeId AS bigint) IS NULL OR e.id = CAST(:viewerEmployeeId AS bigint))
 ORDER BY minutes_booked DESC, meetings DESC, e.id
