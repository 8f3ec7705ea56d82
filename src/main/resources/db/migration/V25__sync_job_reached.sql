-- How far an import or reconciliation has got: events are listed in start-time order, so the
-- start time of the last finished event places the job in its window (the job list's progress).
ALTER TABLE calendly_sync_jobs ADD COLUMN reached timestamptz;
