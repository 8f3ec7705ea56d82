-- The webhook subscriptions this app created in Calendly. Only these are "ours": setup never
-- deletes or reuses a subscription it did not create, even one pointing at the same URL.
CREATE TABLE calendly_webhook_subscriptions (
    uri           text        PRIMARY KEY,
    callback_url  text        NOT NULL,
    organization  text        NOT NULL,
    events        text[]      NOT NULL,
    key_generated boolean     NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    replaced_at   timestamptz
);
