-- Personal data encrypted at rest (CALENDLY_ENCRYPTION_KEYS). The app seals each personal value
-- (com.calendlysync.encryption.FieldCipher) before it reaches the database; the database holds
-- ciphertext, the keys that sealed it, and keyed lookups (blind indexes) for what must still be
-- found: an invitee by email, by a word of the name, and by what the matching rules read. The functions are in R__calendly_encryption.sql.

-- Which key sealed a row's personal values (NULL: in clear). The personal values of the meeting
-- row (description, location) follow the key of its Calendly row.
ALTER TABLE calendly_meetings ADD COLUMN sealed_by text;
-- What the invitee can be found by, each value keyed with the index key (or in clear while
-- encryption is off): email, email domain, name words, customer reference, project code.
ALTER TABLE calendly_meetings ADD COLUMN lookup_keys bytea[] NOT NULL DEFAULT '{}';

ALTER TABLE webhook_deliveries ADD COLUMN sealed_by text;
-- a random reference the raw body is bound to (its associated data), chosen before the row exists
ALTER TABLE webhook_deliveries ADD COLUMN seal_ref text;
-- the keyed emails the raw body mentions, so an erasure finds the deliveries that carried a person
ALTER TABLE webhook_deliveries ADD COLUMN subject_keys bytea[] NOT NULL DEFAULT '{}';

-- The key of the blind indexes: random, made once, kept here only sealed by an encryption key
-- (so it survives a rotation and a dump of the database cannot compute a lookup).
CREATE TABLE encryption_index_key (
    id         integer     PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    sealed_by  text        NOT NULL,
    sealed_key text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every key that has sealed data, and whether data may still be sealed by it: the start refuses
-- when one that may still hold data is no longer configured.
CREATE TABLE encryption_keys_used (
    key_id      text        PRIMARY KEY,
    first_used  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

-- The re-encryption job: per table, how far it got (resumable), and its last run.
CREATE TABLE encryption_progress (
    table_name   text        PRIMARY KEY,
    target_key   text,
    position     bigint      NOT NULL DEFAULT 0,
    done         bigint      NOT NULL DEFAULT 0,
    total        bigint      NOT NULL DEFAULT 0,
    started_at   timestamptz,
    finished_at  timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX calendly_meetings_lookup ON calendly_meetings USING gin (lookup_keys);
CREATE INDEX webhook_deliveries_subjects ON webhook_deliveries USING gin (subject_keys)
    WHERE subject_keys <> '{}';
