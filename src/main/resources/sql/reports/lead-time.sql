-- Median hours from booking to start (each to the half hour, as the slot counts keep them), in
-- this range and the previous one.
SELECT CASE WHEN f.at >= CAST(:from AS timestamptz) THEN 'current' ELSE 'previous' END AS period,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY report_lead_half_hours(f.booked_at, f.start_at)) / 2 AS lead_time_hours
  FROM report_facts(:previousFrom, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                    :source, :viewerEmployeeId) AS f
 GROUP BY 1
