-- popular-times.sql from the 15-minute slot counts.
WITH slots AS (
{{slots}}
)
SELECT CAST(extract(isodow FROM s.slot) AS integer) AS weekday,
       CAST(extract(hour FROM s.slot) AS integer) AS hour,
       sum(s.booked) AS booked,
       sum(s.completed) AS completed
  FROM slots s
 GROUP BY 1, 2
