-- The audit trail, the privacy key, the people whose data is withheld, erasure receipts and
-- retention runs. The functions and triggers that use them are in R__audit_trail.sql and
-- R__privacy_rules.sql.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Every change to the company's and Calendly's records, and every bulk read of personal data.
-- Append-only: rows are written by triggers and audit_note(); the sealer (audit_seal) chains
-- them: seq is the position in the chain, commitments the keyed hashes (HMAC) of every value in
-- changes, hash = sha256(prev_hash || the entry with its commitments). Erasure may set a value
-- in changes to null (its commitment stays, so the chain still verifies); nothing else changes.
CREATE TABLE audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- who: {"kind": webhook|replay|import|reconciliation|token|retention|system|database, "id", "role"}
    actor       jsonb       NOT NULL,
    action      text        NOT NULL,
    entity      text        NOT NULL,
    entity_id   text,
    -- what changed: {"field": [before, after]}, only the fields that changed
    changes     jsonb       NOT NULL DEFAULT '{}',
    seq         bigint,
    commitments jsonb,
    prev_hash   bytea,
    hash        bytea,
    sealed_at   timestamptz
);
-- every index costs each audited write: the chain position is indexed once sealed, the time
-- (which grows with id) by a BRIN index, unsealed entries by a small partial index
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq) WHERE seq IS NOT NULL;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_at ON audit_log USING brin (at);
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE hash IS NULL;

-- The key of every keyed hash (audit commitments, the withheld-people list): CALENDLY_PRIVACY_KEY,
-- or generated on first use. Only the owner reads it (SECURITY DEFINER functions), never the app role.
CREATE TABLE privacy_keys (
    name       text        PRIMARY KEY,
    key        bytea       NOT NULL,
    source     text        NOT NULL CHECK (source IN ('configured', 'generated')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Settings the database rules need (written by the app at start from application.properties).
CREATE TABLE privacy_settings (
    name  text PRIMARY KEY,
    value text
);

-- People whose personal data is not kept, by HMAC of the normalised email (never the email):
-- erased ones, those who asked (API), those who answered the consent question with no.
CREATE TABLE privacy_subjects (
    subject_hash bytea       PRIMARY KEY,
    reason       text        NOT NULL CHECK (reason IN ('erasure', 'preference', 'consent_answer')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- One receipt per erasure request: what was touched, and what Calendly said.
CREATE TABLE privacy_erasures (
    id               bigserial   PRIMARY KEY,
    subject_hash     bytea       NOT NULL,
    reason           text,
    requested_by     jsonb       NOT NULL,
    requested_at     timestamptz NOT NULL DEFAULT now(),
    duration_ms      integer,
    touched          jsonb       NOT NULL,
    calendly_status  text        NOT NULL DEFAULT 'pending',
    calendly_detail  text
);
CREATE INDEX privacy_erasures_subject ON privacy_erasures (subject_hash);

-- One row per retention run (and its dry-run counts before it ran).
CREATE TABLE privacy_retention_runs (
    id          bigserial   PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    policy      jsonb       NOT NULL,
    planned     jsonb       NOT NULL,
    removed     jsonb       NOT NULL DEFAULT '{}',
    error       text
);

-- a raw body removed by retention or erasure is empty; when and why is kept beside it
ALTER TABLE webhook_deliveries ADD COLUMN raw_body_removed text;
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at) WHERE raw_body_removed IS NULL;
CREATE INDEX calendly_meetings_email ON calendly_meetings (lower(btrim(invitee_email))) WHERE invitee_email IS NOT NULL;
CREATE INDEX calendly_meetings_event_end ON calendly_meetings (event_end_at);
CREATE INDEX access_audit_at_asc ON access_audit (at);

-- The app works as calendly_app (Database.java does SET ROLE on every pooled connection): it may
-- read and write the records but only read audit_log and never read privacy_keys. The owner
-- (the migrating user) keeps the functions that seal, redact and hash. A user that may not
-- create roles (an external database) runs without it; the start-up log says so.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'calendly_app')
       AND (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        CREATE ROLE calendly_app NOLOGIN;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'calendly_app') THEN
        EXECUTE format('GRANT calendly_app TO %I', current_user);
        GRANT USAGE ON SCHEMA public TO calendly_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO calendly_app;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO calendly_app;
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                       'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO calendly_app', current_user);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                       'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO calendly_app', current_user);
        REVOKE ALL ON audit_log FROM calendly_app;
        GRANT SELECT ON audit_log TO calendly_app;
        REVOKE ALL ON privacy_keys FROM calendly_app;
        REVOKE ALL ON SEQUENCE audit_log_id_seq FROM calendly_app;
    END IF;
END
$$;
REVOKE ALL ON privacy_keys FROM PUBLIC;
