-- Indexes that answer the reports' busiest reads without visiting report_meetings' rows
-- (index-only scans; measured on 1,000,000 meetings with bench/reports-bench.sh):
--   * engagement groups a range's meetings by customer from (start_at) with the customer and
--     what became of the meeting: a year went from reading ~220,000 rows' pages to the index alone;
--   * an event type filter (summary, lead time, engagement...) walks its own event type in time
--     order: a year of one event type out of twelve was a scan of every meeting of the range;
--   * the day counts carry their numbers in the index, so a year per employee is one index walk.
-- status and no_show are now indexed columns, so a cancellation or a no-show mark is no longer a
-- heap-only update of report_meetings (V53's fillfactor still leaves room for the new version).
CREATE INDEX report_meetings_engagement ON report_meetings (start_at) INCLUDE (customer_id, status, no_show)
    WHERE customer_id IS NOT NULL;

CREATE INDEX report_meetings_event_type ON report_meetings (event_type_id, start_at)
    INCLUDE (booked_at, minutes, status, no_show, canceled_by);

DROP INDEX report_day_counts_day;
CREATE INDEX report_day_counts_day ON report_day_counts (basis, dimension, utc_day)
    INCLUDE (key, source, booked, held, no_shows, canceled, rescheduled, minutes);
