-- The meetings whose report rows are to be worked out again. A webhook's transaction only notes
-- the meeting here (one small row); report_drain (R__reports_facts.sql) works out the rows and the
-- counts of everything noted, many meetings in one pass, before each report is read and every
-- second in the background. Noted in the same transaction as the change: whoever sees the note
-- sees the change.
CREATE TABLE report_pending (
    meeting_id bigint NOT NULL
);
