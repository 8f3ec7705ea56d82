-- Every delivery that passed the signature check, as received, with what became of it.

CREATE TABLE webhook_deliveries (
    id                  bigserial PRIMARY KEY,
    received_at         timestamptz NOT NULL DEFAULT now(),
    event_type          text,
    dedupe_key          text,
    outcome             text        NOT NULL
                        CHECK (outcome IN ('processed', 'duplicate', 'ignored', 'failed')),
    error               text,
    raw_body            bytea       NOT NULL,
    -- the invitee the delivery was about; the meeting is found through it
    invitee_uri         text
);
-- one delivery per dedupe key is the one that counted; retries are stored as 'duplicate'
CREATE UNIQUE INDEX webhook_deliveries_first ON webhook_deliveries (dedupe_key) WHERE outcome = 'processed';
-- ids grow with arrival: "the latest deliveries" is an id-ordered scan, no received_at index needed
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (id DESC) WHERE outcome = 'failed';
CREATE INDEX webhook_deliveries_invitee ON webhook_deliveries (invitee_uri);
