-- Who may use the API (issue 4). A token is shown once when it is made; only its SHA-256 is
-- kept, so a copy of this table lets nobody in. Tokens are random 256-bit values, which is why a
-- fast hash is enough here (there is nothing to brute-force, unlike a password).
CREATE TABLE api_tokens (
    id          bigserial PRIMARY KEY,
    token_hash  text        NOT NULL UNIQUE,
    role        text        NOT NULL CHECK (role IN ('admin', 'manager', 'employee', 'auditor')),
    -- an employee token sees only the meetings this employee hosts
    employee_id bigint      REFERENCES employees (id) ON DELETE CASCADE,
    label       text,
    -- api: made by an admin through the API; environment: CALENDLY_ADMIN_TOKEN; command: CreateToken
    origin      text        NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'environment', 'command')),
    created_by  bigint      REFERENCES api_tokens (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    revoked_by  bigint      REFERENCES api_tokens (id) ON DELETE SET NULL,
    CHECK ((role = 'employee') = (employee_id IS NOT NULL))
);

-- Every refused request and every token change, for the people who have to answer "who did what".
CREATE TABLE access_audit (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    action    text        NOT NULL CHECK (action IN ('denied', 'token_created', 'token_revoked')),
    status    integer,
    token_id  bigint,
    role      text,
    method    text,
    path      text,
    detail    text
);
CREATE INDEX access_audit_at ON access_audit (at DESC);

-- A failed delivery replayed by an admin remembers when and with what result.
ALTER TABLE webhook_deliveries ADD COLUMN replayed_at timestamptz;
ALTER TABLE webhook_deliveries ADD COLUMN replay_outcome text;
