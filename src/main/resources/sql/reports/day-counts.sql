-- (Included by the *-days.sql queries.) Bookings per bucket (:interval; null: the whole range is
-- one bucket) and key (:dimension e: each hosting employee, a null key for none; t: the event
-- type; c: prospects by conversion days) over [:from, :to). A UTC day wholly inside the range and
-- inside one bucket is read from
-- report_day_counts; the rest (the range's edges, a day a bucket boundary of :tz cuts, e.g. every
-- day of a daily report in another zone than UTC) from report_meetings, narrowed by every filter.
-- Meetings still to come on the counted days are moved from completed to upcoming (a handful
-- of rows read from report_meetings: only those starting after :now). The caller uses this only
-- when the filters allow: report_day_counts knows no customer or project, and an event type (t)
-- or an employee (e) only in its own dimension.
    days AS (
        SELECT CAST(d AS date) AS utc_day,
               greatest(timezone('UTC', d), CAST(:from AS timestamptz)) AS lo,
               least(timezone('UTC', d + interval '1 day'), CAST(:to AS timestamptz)) AS hi
          FROM generate_series(date_trunc('day', timezone('UTC', CAST(:from AS timestamptz))),
                               timezone('UTC', CAST(:to AS timestamptz)), interval '1 day') AS d
    ), covered AS (
        -- each counted day's bucket, worked out once per day rather than once per count row
        SELECT d.utc_day, date_trunc(:interval, d.lo) AS bucket
          FROM days d
         WHERE d.hi - d.lo = interval '1 day'
           AND (CAST(:interval AS text) IS NULL
                OR date_trunc(:interval, d.lo) = date_trunc(:interval, d.hi - interval '1 microsecond'))
    ), pieces AS (
        SELECT d.lo, d.hi
          FROM days d
         WHERE d.lo < d.hi AND d.utc_day NOT IN (SELECT utc_day FROM covered)
    ), day_rows AS (
        SELECT c.utc_day, c.key, c.booked, c.held AS completed, 0 AS upcoming, c.no_shows, c.canceled, c.rescheduled,
               c.minutes
          FROM report_day_counts c
         WHERE c.basis = CASE WHEN CAST(:byBooking AS boolean) THEN 'b'::"char" ELSE 's'::"char" END
           AND c.dimension = CAST(:dimension AS "char")
           AND c.utc_day >= (SELECT min(utc_day) FROM covered) AND c.utc_day <= (SELECT max(utc_day) FROM covered)
           AND (CAST(:source AS text) IS NULL OR c.source = CAST(:source AS text))
           AND (CAST(:dayKey AS bigint) IS NULL OR c.key = CAST(:dayKey AS bigint))
           AND (CAST(:eventType AS text) IS NULL OR c.key IN (
                   SELECT t.id FROM report_event_types t
                    WHERE CASE WHEN CAST(:eventType AS text) LIKE 'http%' THEN t.uri = CAST(:eventType AS text)
                               ELSE lower(t.name) = lower(CAST(:eventType AS text)) END))
    ), counted AS (
        SELECT c.bucket, r.key, r.booked, r.completed, r.upcoming, r.no_shows, r.canceled,
               r.rescheduled, r.minutes
          FROM day_rows r
          JOIN covered c ON c.utc_day = r.utc_day
        UNION ALL
        -- still to come on the counted days: upcoming, not completed
        SELECT date_trunc(:interval, f.at), k.key, 0, -1, 1, 0, 0, 0, 0
          FROM report_facts(:from, :to, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId, :source,
                            :viewerEmployeeId) AS f
         CROSS JOIN LATERAL unnest(CASE WHEN CAST(:dimension AS text) = 't' THEN ARRAY[CAST(f.event_type_id AS bigint)]
                                        WHEN CAST(:dimension AS text) = 'c' THEN ARRAY[CAST(f.conversion_days AS bigint)]
                                        WHEN f.host_ids = '{}' THEN ARRAY[NULL::bigint] ELSE f.host_ids END) AS k(key)
         WHERE f.outcome = 'upcoming' AND f.start_at >= CAST(:now AS timestamptz)
           AND CAST(timezone('UTC', f.at) AS date) IN (SELECT utc_day FROM covered)
           AND (CAST(:dayKey AS bigint) IS NULL OR k.key = CAST(:dayKey AS bigint))
           AND (CAST(:dimension AS text) <> 'c' OR f.prospect)
        UNION ALL
        -- the rest, meeting by meeting
        SELECT date_trunc(:interval, f.at), k.key, 1,
               CASE WHEN f.outcome = 'completed' THEN 1 ELSE 0 END,
               CASE WHEN f.outcome = 'upcoming' THEN 1 ELSE 0 END,
               CASE WHEN f.outcome = 'no-show' THEN 1 ELSE 0 END,
               CASE WHEN f.outcome = 'canceled' THEN 1 ELSE 0 END,
               CASE WHEN f.outcome = 'rescheduled' THEN 1 ELSE 0 END,
               CASE WHEN f.status = 'active' THEN f.minutes ELSE 0 END
          FROM pieces p
         CROSS JOIN LATERAL report_facts(p.lo, p.hi, :byBooking, :now, :eventType, :employeeId, :customerId, :projectId,
                                         :source, :viewerEmployeeId) AS f
         CROSS JOIN LATERAL unnest(CASE WHEN CAST(:dimension AS text) = 't' THEN ARRAY[CAST(f.event_type_id AS bigint)]
                                        WHEN CAST(:dimension AS text) = 'c' THEN ARRAY[CAST(f.conversion_days AS bigint)]
                                        WHEN f.host_ids = '{}' THEN ARRAY[NULL::bigint] ELSE f.host_ids END) AS k(key)
         WHERE (CAST(:dayKey AS bigint) IS NULL OR k.key = CAST(:dayKey AS bigint))
           AND (CAST(:dimension AS text) <> 'c' OR f.prospect)
    )
