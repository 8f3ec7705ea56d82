-- Counts of meetings per 15-minute slot, so the summary, volume and popular-times reports add up
-- a few thousand rows instead of reading every meeting of a year. Every time zone's offset is a
-- whole number of 15 minutes, so a slot always falls inside one local day, week, month or hour.
-- Append-only: each change to report_meetings adds its difference as new rows (never updating a
-- shared counter row, which would queue concurrent webhooks behind one lock); a background step
-- (report_slot_counts_compact, every minute) folds a slot's rows into one.
CREATE TABLE report_slot_counts (
    -- s: slot of the meeting's start; b: slot of its booking time
    basis               "char"      NOT NULL CHECK (basis IN ('s', 'b')),
    slot                timestamptz NOT NULL,
    source              text        NOT NULL,
    -- hours from booking to start, rounded to the half hour, times two: the counts double as a
    -- histogram the median lead time is read from
    lead_half_hours     integer     NOT NULL,
    booked              integer     NOT NULL,
    -- active and not a no-show: completed once started, upcoming before
    held                integer     NOT NULL,
    no_shows            integer     NOT NULL,
    canceled            integer     NOT NULL,
    canceled_by_host    integer     NOT NULL,
    canceled_by_invitee integer     NOT NULL,
    rescheduled         integer     NOT NULL,
    -- length of the meetings neither canceled nor rescheduled
    minutes             bigint      NOT NULL
);
CREATE INDEX report_slot_counts_slot ON report_slot_counts (basis, slot);
