-- Imports and reconciliation runs against the Calendly REST API: one row per job, with the
-- cursor it has reached so a job interrupted by a restart (or a crashed node) resumes where
-- it stopped. The API token is never stored here: a token given with a request lives only in
-- the memory of the node running that job.
CREATE TABLE calendly_sync_jobs (
    id                uuid        PRIMARY KEY,
    kind              text        NOT NULL CHECK (kind IN ('import', 'reconciliation')),
    status            text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    -- the start-time window listed, and the dates as they were asked for
    window_start      timestamptz NOT NULL,
    window_end        timestamptz NOT NULL,
    start_date        text        NOT NULL,
    end_date          text        NOT NULL,
    token_source      text        NOT NULL CHECK (token_source IN ('configured', 'request')),
    organization      text,
    -- the events page being worked through (null: the first page) and how many of its events are done
    page_url          text,
    page_index        integer     NOT NULL DEFAULT 0,
    events_seen       bigint      NOT NULL DEFAULT 0,
    invitees_imported bigint      NOT NULL DEFAULT 0,
    created           bigint      NOT NULL DEFAULT 0,
    updated           bigint      NOT NULL DEFAULT 0,
    unchanged         bigint      NOT NULL DEFAULT 0,
    failed            bigint      NOT NULL DEFAULT 0,
    api_requests      bigint      NOT NULL DEFAULT 0,
    pages             bigint      NOT NULL DEFAULT 0,
    -- reconciliation: the Quartz firing this run belongs to
    fire_time         timestamptz,
    -- the app instance working on it, and its last sign of life
    node              text,
    heartbeat_at      timestamptz,
    requested_at      timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    error             text
);

-- Two imports over overlapping ranges would fetch the same events twice and race each other:
-- the database itself refuses the second one while the first is queued or running.
ALTER TABLE calendly_sync_jobs ADD CONSTRAINT calendly_import_ranges_do_not_overlap
    EXCLUDE USING gist (tstzrange(window_start, window_end) WITH &&)
    WHERE (kind = 'import' AND status IN ('queued', 'running'));

CREATE INDEX calendly_sync_jobs_unfinished ON calendly_sync_jobs (heartbeat_at) WHERE status IN ('queued', 'running');
CREATE INDEX calendly_sync_jobs_latest ON calendly_sync_jobs (kind, requested_at DESC);
