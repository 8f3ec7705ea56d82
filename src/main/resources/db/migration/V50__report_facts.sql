-- Reports (volume, engagement, utilization, conversion...) read one narrow row per meeting
-- instead of the wide Calendly rows: report_meetings holds just what a report counts, kept up
-- to date by triggers on meetings and calendly_meetings (R__reports_facts.sql), so a year of a
-- million meetings is a short range scan of small rows.

-- event types as small numbers, so each fact row stays narrow
CREATE TABLE report_event_types (
    id    serial PRIMARY KEY,
    uri   text NOT NULL UNIQUE,
    name  text
);
CREATE INDEX report_event_types_name ON report_event_types (lower(name));

CREATE SEQUENCE report_change_seq;

CREATE TABLE report_meetings (
    meeting_id    bigint      PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    -- when the meeting starts, and when it was booked (Calendly's invitee created_at; for a
    -- meeting entered by hand, when it was entered)
    start_at      timestamptz NOT NULL,
    booked_at     timestamptz NOT NULL,
    minutes       integer     NOT NULL,
    status        text        NOT NULL CHECK (status IN ('active', 'canceled', 'rescheduled')),
    no_show       boolean     NOT NULL,
    -- who canceled: host or invitee (null when not canceled or not said)
    canceled_by   text        CHECK (canceled_by IN ('host', 'invitee')),
    event_type_id integer     REFERENCES report_event_types (id),
    source        text        NOT NULL,
    customer_id   bigint,
    project_id    bigint,
    -- every employee hosting it (Calendly hosts matched to employees; a manual meeting's employee)
    host_ids      bigint[]    NOT NULL,
    -- hashtextextended(lower(btrim(email)), 0) of the invitee's email: joins bookings to the
    -- customers made from them (conversion) without keeping the address here again
    email_key     bigint,
    -- from report_change_seq on every change (the sequence's last value tells the dashboard that
    -- something changed; not indexed, so a status change stays a cheap heap-only update)
    change_seq    bigint      NOT NULL
);
CREATE INDEX report_meetings_start ON report_meetings (start_at);
CREATE INDEX report_meetings_booked ON report_meetings (booked_at);
CREATE INDEX report_meetings_customer ON report_meetings (customer_id, start_at) WHERE customer_id IS NOT NULL;

-- The key that signs embeddable widget URLs (made once by the app from SecureRandom, unless
-- CALENDLY_WIDGET_SIGNING_KEY is set).
CREATE TABLE report_widget_keys (
    id          integer     PRIMARY KEY CHECK (id = 1),
    signing_key bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
