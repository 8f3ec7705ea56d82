-- Per employee: bookings hosted (each host of a shared meeting counts it) and the minutes of
-- those neither canceled nor rescheduled. Every active employee is listed, idle ones too,
-- unless the report is for one employee (filter or an employee's own token).
WITH hosted AS (
    SELECT h.employee_id,
           count(*) AS meetings,
           count(*) FILTER (WHERE f.outcome = 'completed') AS completed,
           count(*) FILTER (WHERE f.outcome = 'upcoming') AS upcoming,
           count(*) FILTER (WHERE f.outcome = 'no-show') AS no_shows,
           count(*) FILTER (WHERE f.outcome = 'canceled') AS canceled,
           count(*) FILTER (WHERE f.outcome = 'rescheduled') AS rescheduled,
           coalesce(sum(f.minutes) FILTER (WHERE f.status = 'active'), 0) AS minutes_booked
      FROM report_facts(:from, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                        :source, :viewerEmployeeId) AS f
     CROSS JOIN LATERAL unnest(f.host_ids) AS h(employee_id)
     GROUP BY h.employee_id
)
SELECT e.id AS employee_id, e.name, e.email,
       coalesce(h.meetings, 0) AS meetings, coalesce(h.completed, 0) AS completed, coalesce(h.upcoming, 0) AS upcoming,
       coalesce(h.no_shows, 0) AS no_shows, coalesce(h.canceled, 0) AS canceled,
       coalesce(h.rescheduled, 0) AS rescheduled, coalesce(h.minutes_booked, 0) AS minutes_booked
  FROM employees e
  LEFT JOIN hosted h ON h.employee_id = e.id
 WHERE (e.active OR h.employee_id IS NOT NULL)
   AND (CAST(:employeeId AS bigint) IS NULL OR e.id = CAST(:employeeId AS bigint))
   AND (CAST(:viewerEmployeeId AS bigint) IS NULL OR e.id = CAST(:viewerEmployeeId AS bigint))
 ORDER BY minutes_booked DESC, meetings DESC, e.id
