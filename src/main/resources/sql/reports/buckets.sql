-- Every bucket of the range, empty ones too: day, week (from Monday) or month starts in the
-- session's time zone, so a day is a calendar day across daylight-saving changes (23 or 25 hours).
SELECT generate_series(date_trunc(:interval, CAST(:from AS timestamptz)),
                       CAST(:to AS timestamptz) - interval '1 microsecond',
                       CAST('1 ' || :interval AS interval)) AS bucket
