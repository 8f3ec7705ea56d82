-- conversion.sql from the day counts (day-counts.sql, dimension c: prospects by the whole days
-- they took to become customers); used when no event type, employee, customer or project filter
-- is asked for.
WITH
{{day-counts}}, per_bucket AS (
    SELECT c.bucket,
           sum(c.booked) AS prospects,
           coalesce(sum(c.booked) FILTER (WHERE c.key < CAST(:days AS integer)), 0) AS converted
      FROM counted c
     GROUP BY 1
    HAVING sum(c.booked) <> 0
)
SELECT bucket, prospects, converted FROM per_bucket
UNION ALL
SELECT NULL, coalesce(sum(prospects), 0), coalesce(sum(converted), 0) FROM per_bucket
