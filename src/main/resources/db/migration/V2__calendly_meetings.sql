-- One row per Calendly invitee (a group event has many), keyed on the invitee's full URI:
-- legacy ids are 16 characters, modern ones UUIDs, and only the URI is unique for both.

CREATE TABLE calendly_meetings (
    id                    bigserial PRIMARY KEY,
    meeting_id            bigint      NOT NULL UNIQUE REFERENCES meetings (id) ON DELETE CASCADE,
    invitee_uri           text        NOT NULL UNIQUE,
    calendly_invitee_uuid text        NOT NULL UNIQUE,
    calendly_event_uuid   text        NOT NULL,
    calendly_event_url    text        NOT NULL,
    invitee_name          text,
    invitee_first_name    text,
    invitee_last_name     text,
    invitee_email         text,
    invitee_phone         text,
    invitee_timezone      text,
    event_name            text,
    event_type_uri        text,
    event_status          text,
    event_duration        integer,
    scheduled_at          timestamptz,
    event_end_at          timestamptz,
    location_type         text,
    location              jsonb,
    reschedule_url        text,
    cancel_url            text,
    invitee_status        text        NOT NULL
                          CHECK (invitee_status IN ('active', 'canceled', 'rescheduled')),
    canceled_at           timestamptz,
    cancel_reason         text,
    canceled_by           text,
    canceler_type         text,
    rescheduled           boolean     NOT NULL DEFAULT false,
    old_invitee_uri       text,
    new_invitee_uri       text,
    no_show               boolean     NOT NULL DEFAULT false,
    no_show_uri           text,
    no_show_marked_at     timestamptz,
    -- when the no-show state we hold was true; orders marks and unmarks that arrive out of order
    no_show_observed_at   timestamptz,
    questions_and_answers jsonb       NOT NULL DEFAULT '[]',
    utm_campaign          text,
    utm_source            text,
    utm_medium            text,
    utm_content           text,
    utm_term              text,
    salesforce_uuid       text,
    -- every host of the event, in Calendly's order, with the employee each matched (or null)
    hosts                 jsonb       NOT NULL DEFAULT '[]',
    customer_match        text        NOT NULL
                          CHECK (customer_match IN ('matched', 'unmatched', 'no_email')),
    calendly_data         jsonb       NOT NULL,
    calendly_created_at   timestamptz,
    -- the invitee's and the event's version as Calendly stamped them: newer wins, older never overwrites
    calendly_updated_at   timestamptz,
    event_updated_at      timestamptz,
    last_change           text        NOT NULL,
    synced_at             timestamptz NOT NULL DEFAULT now(),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendly_meetings_event ON calendly_meetings (calendly_event_uuid);
CREATE INDEX calendly_meetings_old_invitee ON calendly_meetings (old_invitee_uri) WHERE old_invitee_uri IS NOT NULL;
CREATE INDEX calendly_meetings_new_invitee ON calendly_meetings (new_invitee_uri) WHERE new_invitee_uri IS NOT NULL;

-- The hosts again as rows, so "the meetings this employee hosts" is an index lookup.
CREATE TABLE meeting_hosts (
    meeting_id  bigint  NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    user_uri    text,
    email       text,
    name        text,
    employee_id bigint  REFERENCES employees (id) ON DELETE SET NULL,
    PRIMARY KEY (meeting_id, position)
);
CREATE INDEX meeting_hosts_employee ON meeting_hosts (employee_id) WHERE employee_id IS NOT NULL;
