-- Counts per UTC day and hosting employee, and per UTC day and event type, so utilization and
-- the volume per employee or per event type add up a few hundred rows a day instead of reading
-- every meeting of a year. Like report_slot_counts (V51) append-only: each change to
-- report_meetings adds its difference as new rows and report_counts_compact folds them every
-- minute. A UTC day is used only where it lies wholly inside the report's range and inside one
-- of its buckets; the rest (the range's edges, a local day in another zone) is read from
-- report_meetings (R__reports_facts.sql, sql/reports/day-counts.sql).
CREATE TABLE report_day_counts (
    -- s: day of the meeting's start; b: day of its booking time
    basis       "char"  NOT NULL CHECK (basis IN ('s', 'b')),
    utc_day     date    NOT NULL,
    -- e: one row per hosting employee (key null: no matched employee); t: per event type (key null: none)
    dimension   "char"  NOT NULL CHECK (dimension IN ('e', 't')),
    key         bigint,
    source      text    NOT NULL,
    booked      integer NOT NULL,
    -- active and not a no-show: completed once started, upcoming before
    held        integer NOT NULL,
    no_shows    integer NOT NULL,
    canceled    integer NOT NULL,
    rescheduled integer NOT NULL,
    -- length of the meetings neither canceled nor rescheduled
    minutes     bigint  NOT NULL
);
CREATE INDEX report_day_counts_day ON report_day_counts (basis, dimension, utc_day);

-- A status change (cancel, no-show) rewrites a meeting's fact row without touching an indexed
-- column: room on the page keeps it a heap-only update (no new index entries).
ALTER TABLE report_meetings SET (fillfactor = 90);
