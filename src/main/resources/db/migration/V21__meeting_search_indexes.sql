-- Indexes for GET /api/v1/meetings and its export (issue 4): every page is a keyset walk
-- (sort key, id), so each sort has a composite index the walk can follow in either direction.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- sort by start time; meetings without one sort as the earliest
CREATE INDEX meetings_start_keyset ON meetings ((coalesce(start_time, '-infinity'::timestamptz)), id);
CREATE INDEX meetings_created_keyset ON meetings (created_at, id);
-- a customer's history and a status view page through these without sorting
CREATE INDEX meetings_customer_keyset ON meetings (customer_id, (coalesce(start_time, '-infinity'::timestamptz)), id)
    WHERE customer_id IS NOT NULL;
CREATE INDEX meetings_status_keyset ON meetings (status, (coalesce(start_time, '-infinity'::timestamptz)), id);

-- "the meetings this employee hosts" in both directions of the join
CREATE INDEX meeting_hosts_employee_meeting ON meeting_hosts (employee_id, meeting_id) WHERE employee_id IS NOT NULL;

-- search on invitee name or email: one trigram index over both, matched with ILIKE '%text%'
CREATE INDEX calendly_meetings_invitee_search ON calendly_meetings
    USING gin ((coalesce(invitee_name, '') || ' ' || coalesce(invitee_email, '')) gin_trgm_ops);
CREATE INDEX calendly_meetings_event_type ON calendly_meetings (event_type_uri);
CREATE INDEX calendly_meetings_no_show ON calendly_meetings (meeting_id) WHERE no_show;

-- deliveries list, newest first, per outcome
CREATE INDEX webhook_deliveries_outcome ON webhook_deliveries (outcome, id DESC);
