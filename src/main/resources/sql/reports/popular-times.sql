-- Bookings by weekday (ISO: 1 = Monday) and hour of the day, in the session's time zone.
SELECT CAST(extract(isodow FROM f.at) AS integer) AS weekday,
       CAST(extract(hour FROM f.at) AS integer) AS hour,
       count(*) AS booked,
       count(*) FILTER (WHERE f.outcome = 'completed') AS completed
  FROM report_facts(:from, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                    :source, :viewerEmployeeId) AS f
 GROUP BY 1, 2
