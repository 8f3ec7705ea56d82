-- Median hours from booking to start, in this range and the previous one.
SELECT CASE WHEN f.at >= CAST(:from AS timestamptz) THEN 'current' ELSE 'previous' END AS period,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.start_at - f.booked_at) / 3600) AS lead_time_hours
  FROM report_facts(:previousFrom, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                    :source, :viewerEmployeeId) AS f
 GROUP BY 1
