-- How meetings link to the company's customers, employees and projects: the rules, in the
-- database where every path that stores a meeting uses them (calendly_apply_invitee calls
-- calendly_match_customer and calendly_match_hosts, then company_relink_meetings for the link
-- reasons and the project), and re-matching when the company's records change. The settings the rules read are in matching_settings (written
-- from application.properties at every start).
--
-- Customer, in this order:
--   1. reference: an explicit customer reference carried by the booking: the answer to the
--      configured question (CALENDLY_CUSTOMER_REFERENCE_QUESTION), else the configured UTM field
--      (CALENDLY_CUSTOMER_REFERENCE_UTM), naming an active customer's customer number or id;
--   2. email: the active customer with the invitee's email (trimmed, any case);
--   3. domain (CALENDLY_MATCH_BY_DOMAIN=true): the one active customer whose company domain is the
--      email's domain; never a free-mail domain (CALENDLY_FREE_MAIL_DOMAINS), never when two share it;
--   otherwise unmatched, with the reason.
-- Employee (every host): by Calendly user URI first (it survives an email change), then by email.
-- Project: the project code a booking names (CALENDLY_PROJECT_CODE_QUESTION's answer, else the
-- CALENDLY_PROJECT_CODE_UTM field), else the customer's only active project
-- (CALENDLY_PROJECT_ONLY_ACTIVE=true).
-- A link set by a person is never changed by a rule; a rule's link is never cleared by a later
-- non-match.

-- The booking's answer to a question, by the question's text (trimmed, any case); null if none.
CREATE OR REPLACE FUNCTION company_booking_answer(p_answers jsonb, p_question text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT nullif(btrim(a ->> 'answer'), '')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_answers) = 'array' THEN p_answers ELSE '[]' END) AS a
     WHERE p_question IS NOT NULL AND lower(btrim(a ->> 'question')) = lower(btrim(p_question))
       AND nullif(btrim(a ->> 'answer'), '') IS NOT NULL
     LIMIT 1
$$;

-- The explicit customer reference a booking carries, per the settings; null if none.
CREATE OR REPLACE FUNCTION company_customer_reference(p_answers jsonb, p_tracking jsonb)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(company_booking_answer(p_answers, s.customer_reference_question),
                    nullif(btrim(p_tracking ->> s.customer_reference_utm), ''))
      FROM matching_settings s
$$;

CREATE OR REPLACE FUNCTION company_match_customer(p_email text, p_answers jsonb, p_tracking jsonb)
RETURNS TABLE (customer_id bigint, rule text, unmatched_reason text)
-- one row: told to the planner, or it expects 1,000 and re-matching one meeting scans them all
LANGUAGE plpgsql STABLE ROWS 1 AS $$
DECLARE
    s        matching_settings;
    v_email  text := lower(btrim(p_email));
    v_ref    text;
    v_domain text;
    v_found  bigint[];
BEGIN
    SELECT * INTO s FROM matching_settings;
    IF s.customer_reference_question IS NOT NULL OR s.customer_reference_utm IS NOT NULL THEN
        v_ref := coalesce(company_booking_answer(p_answers, s.customer_reference_question),
                          nullif(btrim(p_tracking ->> s.customer_reference_utm), ''));
    END IF;
    IF v_ref IS NOT NULL THEN
        SELECT c.id INTO customer_id FROM customers c
         WHERE c.status = 'active' AND lower(btrim(c.customer_number)) = lower(v_ref) LIMIT 1;
        IF customer_id IS NULL AND v_ref ~ '^[0-9]{1,18}$' THEN
            SELECT c.id INTO customer_id FROM customers c WHERE c.status = 'active' AND c.id = v_ref::bigint;
        END IF;
        IF customer_id IS NOT NULL THEN
            rule := 'reference';
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;
    IF coalesce(v_email, '') = '' THEN
        unmatched_reason := CASE WHEN v_ref IS NOT NULL THEN 'unknown_reference' ELSE 'no_email' END;
        RETURN NEXT;
        RETURN;
    END IF;
    SELECT c.id INTO customer_id FROM customers c
     WHERE c.status = 'active' AND lower(btrim(c.email)) = v_email AND c.email IS NOT NULL LIMIT 1;
    IF customer_id IS NOT NULL THEN
        rule := 'email';
        RETURN NEXT;
        RETURN;
    END IF;
    v_domain := nullif(split_part(v_email, '@', 2), '');
    IF s.match_by_domain AND v_domain IS NOT NULL THEN
        IF v_domain = ANY (s.free_mail_domains) THEN
            unmatched_reason := 'free_mail_domain';
        ELSE
            SELECT array_agg(c.id) INTO v_found
              FROM (SELECT c.id FROM customers c
                     WHERE c.status = 'active' AND c.company_domain = v_domain ORDER BY c.id LIMIT 2) AS c;
            IF cardinality(v_found) = 1 THEN
                customer_id := v_found[1];
                rule := 'domain';
                RETURN NEXT;
                RETURN;
            END IF;
            unmatched_reason := CASE WHEN cardinality(v_found) = 2 THEN 'ambiguous_domain'
                                     ELSE 'no_customer_with_email_or_domain' END;
        END IF;
    ELSE
        unmatched_reason := 'no_customer_with_email';
    END IF;
    IF v_ref IS NOT NULL THEN
        unmatched_reason := 'unknown_reference';
    END IF;
    RETURN NEXT;
END
$$;

CREATE OR REPLACE FUNCTION company_match_employee(p_user_uri text, p_email text)
RETURNS TABLE (employee_id bigint, rule text)
LANGUAGE sql STABLE ROWS 1 AS $$
    SELECT id, rule FROM (
        SELECT e.id, 'calendly_user' AS rule, 0 AS rank FROM employees e
         WHERE e.active AND p_user_uri IS NOT NULL AND e.calendly_user_uri = p_user_uri
        UNION ALL
        SELECT e.id, 'email', 1 FROM employees e
         WHERE e.active AND nullif(btrim(p_email), '') IS NOT NULL AND lower(btrim(e.email)) = lower(btrim(p_email))
    ) AS found
    ORDER BY rank, id LIMIT 1
$$;

CREATE OR REPLACE FUNCTION company_match_project(p_customer_id bigint, p_answers jsonb, p_tracking jsonb)
RETURNS TABLE (project_id bigint, rule text)
LANGUAGE plpgsql STABLE ROWS 1 AS $$
DECLARE
    s      matching_settings;
    v_code text;
    v_ids  bigint[];
BEGIN
    SELECT * INTO s FROM matching_settings;
    IF s.project_code_question IS NOT NULL OR s.project_code_utm IS NOT NULL THEN
        v_code := coalesce(company_booking_answer(p_answers, s.project_code_question),
                           nullif(btrim(p_tracking ->> s.project_code_utm), ''));
    END IF;
    IF v_code IS NOT NULL THEN
        SELECT p.id INTO project_id FROM projects p
         WHERE p.status = 'active' AND lower(btrim(p.code)) = lower(v_code) LIMIT 1;
        IF project_id IS NOT NULL THEN
            rule := 'code';
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;
    IF s.project_only_active AND p_customer_id IS NOT NULL THEN
        SELECT array_agg(p.id) INTO v_ids
          FROM (SELECT p.id FROM projects p WHERE p.status = 'active' AND p.customer_id = p_customer_id
                 ORDER BY p.id LIMIT 2) AS p;
        IF cardinality(v_ids) = 1 THEN
            project_id := v_ids[1];
            rule := 'only_project';
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;
    RETURN NEXT;
END
$$;

-- The utm fields of a stored Calendly meeting, as the rules read them.
CREATE OR REPLACE FUNCTION company_tracking(c calendly_meetings)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('utm_campaign', c.utm_campaign, 'utm_source', c.utm_source,
                              'utm_medium', c.utm_medium, 'utm_content', c.utm_content, 'utm_term', c.utm_term)
$$;

-- Applies the rules again to these (Calendly) meetings from what is stored about them: hosts to
-- employees, the organizer, the customer, the project. Links set by a person stay; a rule's
-- link stays when nothing matches now. Answers how many meetings changed.
-- A sealed row (encryption at rest) has no clear email or answers to read: the apply path
-- passes them in p_basis ({"<meeting id>": {"email", "answers"}}); without them its customer
-- link and reason stay as they are.
DROP FUNCTION IF EXISTS company_relink_meetings(bigint[]);
CREATE OR REPLACE FUNCTION company_relink_meetings(p_meeting_ids bigint[], p_basis jsonb DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_changed integer;
    v_moved   bigint[];
BEGIN
    WITH matched AS (
        SELECT h.meeting_id, h.position, e.employee_id
          FROM meeting_hosts h
          CROSS JOIN LATERAL company_match_employee(h.user_uri, h.email) AS e
         WHERE h.meeting_id = ANY (p_meeting_ids) AND e.employee_id IS NOT NULL
    ), moved AS (
        UPDATE meeting_hosts h SET employee_id = m.employee_id
          FROM matched m
         WHERE h.meeting_id = ANY (p_meeting_ids)
           AND h.meeting_id = m.meeting_id AND h.position = m.position AND h.employee_id IS DISTINCT FROM m.employee_id
        RETURNING h.meeting_id
    )
    SELECT array_agg(DISTINCT meeting_id) INTO v_moved FROM moved;
    -- the Calendly row's copy of the hosts says the same
    IF v_moved IS NOT NULL THEN
        UPDATE calendly_meetings c
           SET hosts = (SELECT coalesce(jsonb_agg(x.host || jsonb_build_object('employee_id', mh.employee_id) ORDER BY x.ord), '[]')
                          FROM jsonb_array_elements(c.hosts) WITH ORDINALITY AS x(host, ord)
                          LEFT JOIN meeting_hosts mh ON mh.meeting_id = c.meeting_id
                                                    AND mh.position = (x.host ->> 'position')::int)
         WHERE c.meeting_id = ANY (v_moved);
    END IF;

    WITH base AS (
        SELECT m.id, m.customer_id, m.customer_link, m.employee_id, m.employee_link, m.project_id, m.project_link,
               m.customer_unmatched_reason,
               CASE WHEN p_basis ? m.id::text THEN p_basis -> m.id::text ->> 'email'
                    WHEN c.sealed_by IS NULL THEN c.invitee_email END AS invitee_email,
               CASE WHEN p_basis ? m.id::text THEN p_basis -> m.id::text -> 'answers'
                    WHEN c.sealed_by IS NULL THEN c.questions_and_answers ELSE '[]' END AS answers,
               (c.sealed_by IS NOT NULL AND NOT coalesce(p_basis ? m.id::text, false)) AS basis_sealed,
               company_tracking(c) AS tracking,
               h0.employee_id AS host_employee, em.rule AS host_rule
          FROM meetings m
          JOIN calendly_meetings c ON c.meeting_id = m.id
          LEFT JOIN meeting_hosts h0 ON h0.meeting_id = m.id AND h0.position = 0
          LEFT JOIN LATERAL company_match_employee(h0.user_uri, h0.email) AS em ON true
         WHERE m.id = ANY (p_meeting_ids)
    ), customer AS (
        SELECT b.*,
               CASE WHEN b.customer_link = 'person' OR b.basis_sealed THEN b.customer_id
                    ELSE coalesce(cm.customer_id, b.customer_id) END AS new_customer,
               CASE WHEN b.customer_link = 'person' THEN 'person'
                    WHEN cm.customer_id IS NOT NULL AND NOT b.basis_sealed THEN cm.rule ELSE b.customer_link END AS new_customer_link,
               CASE WHEN b.basis_sealed THEN b.customer_unmatched_reason ELSE cm.unmatched_reason END AS unmatched_reason
          FROM base b
          CROSS JOIN LATERAL company_match_customer(b.invitee_email, b.answers, b.tracking) AS cm
    ), linked AS (
        SELECT c.*,
               CASE WHEN c.customer_link = 'person' AND c.customer_id IS NULL THEN 'cleared_by_person'
                    WHEN c.new_customer IS NULL THEN c.unmatched_reason END AS new_reason,
               CASE WHEN c.employee_link = 'person' THEN c.employee_id ELSE coalesce(c.host_employee, c.employee_id) END AS new_employee,
               CASE WHEN c.employee_link = 'person' THEN 'person'
                    WHEN c.host_employee IS NOT NULL THEN coalesce(c.host_rule, c.employee_link, 'email') ELSE c.employee_link END AS new_employee_link,
               CASE WHEN c.project_link = 'person' THEN c.project_id ELSE coalesce(pm.project_id, c.project_id) END AS new_project,
               CASE WHEN c.project_link = 'person' THEN 'person'
                    WHEN pm.project_id IS NOT NULL THEN pm.rule ELSE c.project_link END AS new_project_link
          FROM customer c
          CROSS JOIN LATERAL company_match_project(c.new_customer, c.answers, c.tracking) AS pm
    ), changed AS (
        UPDATE meetings m
           SET customer_id = l.new_customer, customer_link = l.new_customer_link, customer_unmatched_reason = l.new_reason,
               employee_id = l.new_employee, employee_link = l.new_employee_link,
               project_id = l.new_project, project_link = l.new_project_link, updated_at = now()
          FROM linked l
         WHERE m.id = l.id
           AND (m.customer_id, m.customer_link, m.customer_unmatched_reason, m.employee_id, m.employee_link,
                m.project_id, m.project_link)
               IS DISTINCT FROM
               (l.new_customer, l.new_customer_link, l.new_reason, l.new_employee, l.new_employee_link,
                l.new_project, l.new_project_link)
        RETURNING m.id, m.customer_id
    ), calendly_side AS (
        UPDATE calendly_meetings c SET customer_match = 'matched'
          FROM changed ch
         WHERE c.meeting_id = ch.id AND ch.customer_id IS NOT NULL AND c.customer_match <> 'matched'
        RETURNING c.id
    )
    SELECT count(*) INTO v_changed FROM changed;
    RETURN v_changed;
END
$$;

-- The meetings a change to these customers may link: the same invitee email, the same domain
-- (when domain matching is on), a booking naming their number or id, and those without a
-- project among their own (a new project may be the only one).
CREATE OR REPLACE FUNCTION company_meetings_for_customers(p_customer_ids bigint[])
RETURNS TABLE (meeting_id bigint) LANGUAGE sql STABLE AS $$
    SELECT c.meeting_id FROM customers cu
      JOIN calendly_meetings c ON lower(btrim(c.invitee_email)) = lower(btrim(cu.email))
     WHERE cu.id = ANY (p_customer_ids) AND cu.email IS NOT NULL
    UNION
    SELECT c.meeting_id FROM customers cu
      JOIN calendly_meetings c ON lower(split_part(btrim(c.invitee_email), '@', 2)) = cu.company_domain
     WHERE cu.id = ANY (p_customer_ids) AND cu.company_domain IS NOT NULL
       AND (SELECT match_by_domain FROM matching_settings)
    UNION
    SELECT c.meeting_id FROM calendly_meetings c
      JOIN customers cu ON cu.id = ANY (p_customer_ids)
           AND lower(company_customer_reference(c.questions_and_answers, company_tracking(c)))
               IN (lower(btrim(cu.customer_number)), cu.id::text)
     WHERE EXISTS (SELECT 1 FROM matching_settings s
                    WHERE s.customer_reference_question IS NOT NULL OR s.customer_reference_utm IS NOT NULL)
    UNION
    SELECT m.id FROM meetings m
     WHERE m.customer_id = ANY (p_customer_ids) AND m.project_id IS NULL
    -- sealed rows (encryption at rest: R__calendly_encryption.sql), by their keyed lookups
    UNION
    SELECT c.meeting_id FROM customers cu
      JOIN calendly_meetings c ON c.lookup_keys @> ARRAY[calendly_index('email', lower(btrim(cu.email)))]
     WHERE cu.id = ANY (p_customer_ids) AND cu.email IS NOT NULL
    UNION
    SELECT c.meeting_id FROM customers cu
      JOIN calendly_meetings c ON c.lookup_keys @> ARRAY[calendly_index('domain', cu.company_domain)]
     WHERE cu.id = ANY (p_customer_ids) AND cu.company_domain IS NOT NULL
       AND (SELECT match_by_domain FROM matching_settings)
    UNION
    SELECT c.meeting_id FROM customers cu
      JOIN calendly_meetings c ON c.lookup_keys && ARRAY[calendly_index('ref', lower(btrim(cu.customer_number))),
                                                         calendly_index('ref', cu.id::text)]
     WHERE cu.id = ANY (p_customer_ids)
$$;

-- The meetings a change to these employees may link: hosted by their Calendly user or email.
CREATE OR REPLACE FUNCTION company_meetings_for_employees(p_employee_ids bigint[])
RETURNS TABLE (meeting_id bigint) LANGUAGE sql STABLE AS $$
    SELECT h.meeting_id FROM employees e JOIN meeting_hosts h ON h.user_uri = e.calendly_user_uri
     WHERE e.id = ANY (p_employee_ids) AND e.calendly_user_uri IS NOT NULL
    UNION
    SELECT h.meeting_id FROM employees e JOIN meeting_hosts h ON lower(btrim(h.email)) = lower(btrim(e.email))
     WHERE e.id = ANY (p_employee_ids)
$$;

-- The meetings a change to these projects may link: their customer's meetings without a
-- project, and bookings naming a project code (when a code question or UTM field is set).
CREATE OR REPLACE FUNCTION company_meetings_for_projects(p_project_ids bigint[])
RETURNS TABLE (meeting_id bigint) LANGUAGE sql STABLE AS $$
    SELECT m.id FROM projects p JOIN meetings m ON m.customer_id = p.customer_id AND m.project_id IS NULL
     WHERE p.id = ANY (p_project_ids)
    UNION
    SELECT c.meeting_id FROM calendly_meetings c, matching_settings s
     WHERE (s.project_code_question IS NOT NULL OR s.project_code_utm IS NOT NULL)
       AND lower(coalesce(company_booking_answer(c.questions_and_answers, s.project_code_question),
                          nullif(btrim(company_tracking(c) ->> s.project_code_utm), '')))
           IN (SELECT lower(btrim(p.code)) FROM projects p WHERE p.id = ANY (p_project_ids) AND p.code IS NOT NULL)
    UNION
    SELECT c.meeting_id FROM calendly_meetings c
     WHERE c.lookup_keys && ARRAY(SELECT calendly_index('code', lower(btrim(p.code))) FROM projects p
                                   WHERE p.id = ANY (p_project_ids) AND p.code IS NOT NULL)
$$;

-- The two functions calendly_apply_invitee calls on every path (webhook, import,
-- reconciliation, two-way cancel, replay), in the terms of the rules above.

-- The customer of an invitee by the rules above, or null. customer_match says which:
-- 'matched', 'unmatched' or 'no_email'.
CREATE OR REPLACE FUNCTION calendly_match_customer(p_invitee calendly_meetings,
                                                   OUT customer_id bigint, OUT customer_match text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT m.customer_id INTO customer_id
      FROM company_match_customer(p_invitee.invitee_email, p_invitee.questions_and_answers,
                                  company_tracking(p_invitee)) AS m;
    customer_match := CASE WHEN customer_id IS NOT NULL THEN 'matched'
                           WHEN coalesce(btrim(p_invitee.invitee_email), '') = '' THEN 'no_email'
                           ELSE 'unmatched' END;
END
$$;

-- Every host of the event (the mapper's list, in Calendly's order) with the active employee
-- it matched (Calendly user URI first, then email), or null.
CREATE OR REPLACE FUNCTION calendly_match_hosts(p_hosts jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(h || jsonb_build_object('employee_id', e.employee_id) ORDER BY (h ->> 'position')::int), '[]')
      FROM jsonb_array_elements(coalesce(p_hosts, '[]')) AS h
      LEFT JOIN LATERAL company_match_employee(h ->> 'user_uri', h ->> 'email') AS e ON true
$$;

-- A link a person set is changed only by a person (the API's manual link sets
-- calendly.link_editor = 'person' for its transaction): not by re-matching, nor by a later
-- webhook, import or reconciliation of the same meeting.
CREATE OR REPLACE FUNCTION company_keep_manual_links()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('calendly.link_editor', true), '') = 'person' THEN
        RETURN NEW;
    END IF;
    IF OLD.customer_link = 'person' THEN
        NEW.customer_id := OLD.customer_id;
        NEW.customer_link := 'person';
        NEW.customer_unmatched_reason := OLD.customer_unmatched_reason;
    END IF;
    IF OLD.employee_link = 'person' THEN
        NEW.employee_id := OLD.employee_id;
        NEW.employee_link := 'person';
    END IF;
    IF OLD.project_link = 'person' THEN
        NEW.project_id := OLD.project_id;
        NEW.project_link := 'person';
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER meetings_keep_manual_links
    BEFORE UPDATE ON meetings
    FOR EACH ROW
    WHEN (OLD.customer_link = 'person' OR OLD.employee_link = 'person' OR OLD.project_link = 'person')
    EXECUTE FUNCTION company_keep_manual_links();
