-- The company's own records. Calendly data links to these; the company may also fill them
-- from elsewhere (a CRM, HR), so nothing here is Calendly-specific.

CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    email       text        NOT NULL,
    name        text,
    status      text        NOT NULL DEFAULT 'active',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- the default customer-match query looks customers up by normalised email
CREATE INDEX customers_active_email ON customers (lower(btrim(email))) WHERE status = 'active';

CREATE TABLE employees (
    id          bigserial PRIMARY KEY,
    email       text        NOT NULL,
    name        text,
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employees_active_email ON employees (lower(btrim(email))) WHERE active;

CREATE TABLE projects (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL,
    customer_id bigint      REFERENCES customers (id) ON DELETE SET NULL,
    status      text        NOT NULL DEFAULT 'active',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meetings (
    id               bigserial PRIMARY KEY,
    title            text        NOT NULL,
    description      text,
    start_time       timestamptz,
    end_time         timestamptz,
    duration_minutes integer,
    location         text,
    status           text        NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'canceled', 'rescheduled')),
    source           text        NOT NULL DEFAULT 'manual',
    customer_id      bigint      REFERENCES customers (id) ON DELETE SET NULL,
    employee_id      bigint      REFERENCES employees (id) ON DELETE SET NULL,
    project_id       bigint      REFERENCES projects (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_start_time ON meetings (start_time);
CREATE INDEX meetings_customer ON meetings (customer_id);
CREATE INDEX meetings_employee ON meetings (employee_id);
