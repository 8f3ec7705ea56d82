-- The company's customers, employees and projects become records people manage (API, CSV,
-- Calendly's organization memberships), and every meeting says how each of its links was made:
-- by a rule (which one) or by a person, whose link no rule ever overwrites.

-- Customers as a CRM keeps them: a company domain for domain matching, a customer number (the
-- CRM's reference) for explicit references carried by a booking. A customer may be a company
-- with no personal email.
ALTER TABLE customers ALTER COLUMN email DROP NOT NULL;
ALTER TABLE customers ADD COLUMN company_domain text;
ALTER TABLE customers ADD COLUMN customer_number text;
ALTER TABLE customers ADD CONSTRAINT customers_status CHECK (status IN ('active', 'inactive')) NOT VALID;
DROP INDEX customers_active_email;
-- one active customer per email and per customer number; the email index also serves matching
CREATE UNIQUE INDEX customers_active_email ON customers (lower(btrim(email)))
    WHERE status = 'active' AND email IS NOT NULL;
CREATE UNIQUE INDEX customers_active_number ON customers (lower(btrim(customer_number)))
    WHERE status = 'active' AND customer_number IS NOT NULL;
CREATE INDEX customers_active_domain ON customers (company_domain) WHERE status = 'active' AND company_domain IS NOT NULL;
CREATE INDEX customers_search ON customers
    USING gin ((coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(customer_number, '') || ' '
               || coalesce(company_domain, '')) gin_trgm_ops);

-- Employees as Calendly knows them: the user URI survives an email change
ALTER TABLE employees ADD COLUMN calendly_user_uri text;
ALTER TABLE employees ADD COLUMN calendly_role text;
ALTER TABLE employees ADD COLUMN timezone text;
DROP INDEX employees_active_email;
CREATE UNIQUE INDEX employees_active_email ON employees (lower(btrim(email))) WHERE active;
CREATE UNIQUE INDEX employees_calendly_user ON employees (calendly_user_uri) WHERE calendly_user_uri IS NOT NULL;
CREATE INDEX employees_search ON employees
    USING gin ((coalesce(name, '') || ' ' || coalesce(email, '')) gin_trgm_ops);

-- Projects: a code a booking can name (a Q&A answer or a UTM field)
ALTER TABLE projects ADD COLUMN code text;
ALTER TABLE projects ADD COLUMN description text;
ALTER TABLE projects ADD CONSTRAINT projects_status CHECK (status IN ('active', 'inactive')) NOT VALID;
CREATE UNIQUE INDEX projects_active_code ON projects (lower(btrim(code))) WHERE status = 'active' AND code IS NOT NULL;
CREATE INDEX projects_customer ON projects (customer_id) WHERE customer_id IS NOT NULL;

-- How each link of a meeting was made. A rule: reference, email, domain (customer);
-- calendly_user, email (employee); code, only_project (project). 'person': set by hand.
ALTER TABLE meetings ADD COLUMN customer_link text
    CHECK (customer_link IN ('reference', 'email', 'domain', 'person'));
ALTER TABLE meetings ADD COLUMN customer_unmatched_reason text;
ALTER TABLE meetings ADD COLUMN employee_link text CHECK (employee_link IN ('calendly_user', 'email', 'person'));
ALTER TABLE meetings ADD COLUMN project_link text CHECK (project_link IN ('code', 'only_project', 'person'));
UPDATE meetings SET customer_link = 'email' WHERE customer_id IS NOT NULL AND source = 'calendly';
UPDATE meetings SET employee_link = 'email' WHERE employee_id IS NOT NULL AND source = 'calendly';
UPDATE meetings m SET customer_unmatched_reason = CASE WHEN c.customer_match = 'no_email' THEN 'no_email'
                                                       ELSE 'no_customer_with_email' END
  FROM calendly_meetings c WHERE c.meeting_id = m.id AND m.customer_id IS NULL;
CREATE INDEX meetings_project ON meetings (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX meetings_unmatched_keyset ON meetings ((coalesce(start_time, '-infinity'::timestamptz)), id)
    WHERE customer_id IS NULL;

-- Re-matching finds the meetings a new or changed customer or employee now matches
CREATE INDEX calendly_meetings_invitee_email ON calendly_meetings (lower(btrim(invitee_email)));
CREATE INDEX calendly_meetings_invitee_domain ON calendly_meetings (lower(split_part(btrim(invitee_email), '@', 2)));
CREATE INDEX meeting_hosts_user ON meeting_hosts (user_uri) WHERE user_uri IS NOT NULL;
CREATE INDEX meeting_hosts_email ON meeting_hosts (lower(btrim(email)));

-- Who linked what by hand, and when
CREATE TABLE meeting_link_changes (
    id          bigserial PRIMARY KEY,
    meeting_id  bigint      NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    link        text        NOT NULL CHECK (link IN ('customer', 'employee', 'project')),
    old_id      bigint,
    new_id      bigint,
    token_id    bigint,
    role        text,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_link_changes_meeting ON meeting_link_changes (meeting_id, id);

-- The matching rules' settings, written from application.properties at every start, so the
-- SQL rules read them where they run (one row)
CREATE TABLE matching_settings (
    id                          boolean PRIMARY KEY DEFAULT true CHECK (id),
    customer_reference_question text,
    customer_reference_utm      text CHECK (customer_reference_utm IN
                                    ('utm_campaign', 'utm_source', 'utm_medium', 'utm_content', 'utm_term')),
    match_by_domain             boolean NOT NULL DEFAULT false,
    free_mail_domains           text[]  NOT NULL DEFAULT '{}',
    project_code_question       text,
    project_code_utm            text CHECK (project_code_utm IN
                                    ('utm_campaign', 'utm_source', 'utm_medium', 'utm_content', 'utm_term')),
    project_only_active         boolean NOT NULL DEFAULT true,
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO matching_settings DEFAULT VALUES;
