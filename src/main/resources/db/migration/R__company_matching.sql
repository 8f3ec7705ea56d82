-- How Calendly people become the company's people: the invitee's customer and each host's
-- employee. One place for both, called by calendly_apply_invitee on every path (webhook,
-- import, reconciliation, two-way cancel, replay).

-- The customer of an invitee: the active customer with the invitee's email (trimmed, any
-- case), or null. customer_match says which: 'matched', 'unmatched' or 'no_email'.
CREATE OR REPLACE FUNCTION calendly_match_customer(p_invitee calendly_meetings,
                                                   OUT customer_id bigint, OUT customer_match text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF coalesce(btrim(p_invitee.invitee_email), '') = '' THEN
        customer_match := 'no_email';
        RETURN;
    END IF;
    SELECT c.id INTO customer_id
      FROM customers c
     WHERE lower(btrim(c.email)) = lower(btrim(p_invitee.invitee_email)) AND c.status = 'active'
     ORDER BY c.id LIMIT 1;
    customer_match := CASE WHEN customer_id IS NULL THEN 'unmatched' ELSE 'matched' END;
END
$$;

-- Every host of the event (the mapper's list, in Calendly's order) with the active employee
-- it matched by email, or null.
CREATE OR REPLACE FUNCTION calendly_match_hosts(p_hosts jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(h || jsonb_build_object('employee_id', e.id) ORDER BY (h ->> 'position')::int), '[]')
      FROM jsonb_array_elements(coalesce(p_hosts, '[]')) AS h
      LEFT JOIN LATERAL (SELECT id FROM employees
                          WHERE active AND lower(btrim(email)) = lower(btrim(h ->> 'email'))
                          ORDER BY id LIMIT 1) AS e ON true
$$;
