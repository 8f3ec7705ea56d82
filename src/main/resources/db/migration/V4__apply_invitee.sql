-- How a Calendly invitee becomes records, in one place and in one transaction: webhook
-- deliveries and the REST import both call calendly_apply_invitee with a record made by
-- InviteeMapper. The rules:
--   * newer wins: the invitee's (updated_at, event updated_at) orders versions; an older
--     version never overwrites a newer one;
--   * status only moves forward: active -> canceled -> rescheduled; a late invitee.created
--     never reactivates a canceled or rescheduled meeting;
--   * reschedules link both ways (old.new_invitee_uri, new.old_invitee_uri) whichever
--     delivery comes first, and the old meeting ends 'rescheduled', not 'canceled';
--   * the no-show mark follows the latest observation (webhook envelope time, import fetch time);
--   * a customer link, once made, is never cleared by a later non-match.

CREATE FUNCTION calendly_status_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE status WHEN 'rescheduled' THEN 2 WHEN 'canceled' THEN 1 ELSE 0 END
$$;

CREATE FUNCTION calendly_apply_invitee(p_record jsonb, p_customer_id bigint)
RETURNS TABLE (meeting_id bigint, calendly_meeting_id bigint, change text)
LANGUAGE plpgsql AS $$
DECLARE
    v_in          calendly_meetings := jsonb_populate_record(NULL::calendly_meetings, p_record -> 'calendly');
    v_meeting     jsonb := p_record -> 'meeting';
    v_change      text := p_record ->> 'change';
    v_observed    timestamptz := (p_record ->> 'observed_at')::timestamptz;
    v_cur         calendly_meetings;
    v_new         calendly_meetings;
    v_src         calendly_meetings;
    v_newer       boolean;
    v_organizer   bigint;
    v_meeting_id  bigint;
    v_changed     boolean := false;
    v_partner     bigint;
BEGIN
    -- One invitee at a time, together with its reschedule partners, always locked in the same
    -- order: concurrent deliveries for one invitee never make two rows, and never deadlock.
    PERFORM pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT hashtextextended(u, 0) AS k
               FROM unnest(ARRAY[v_in.invitee_uri, v_in.old_invitee_uri, v_in.new_invitee_uri]) AS u
              WHERE u IS NOT NULL
              ORDER BY 1) AS keys;

    -- every host matched to an active employee by email; the first host organises
    SELECT coalesce(jsonb_agg(h || jsonb_build_object('employee_id', e.id) ORDER BY (h ->> 'position')::int), '[]')
      INTO v_in.hosts
      FROM jsonb_array_elements(coalesce(v_in.hosts, '[]')) AS h
      LEFT JOIN LATERAL (SELECT id FROM employees
                          WHERE active AND lower(btrim(email)) = lower(btrim(h ->> 'email'))
                          ORDER BY id LIMIT 1) AS e ON true;
    v_organizer := (v_in.hosts -> 0 ->> 'employee_id')::bigint;

    v_in.customer_match := CASE
        WHEN coalesce(btrim(v_in.invitee_email), '') = '' THEN 'no_email'
        WHEN p_customer_id IS NULL THEN 'unmatched'
        ELSE 'matched' END;
    v_in.no_show_observed_at := v_observed;
    v_in.last_change := v_change;

    SELECT * INTO v_cur FROM calendly_meetings c WHERE c.invitee_uri = v_in.invitee_uri;

    IF v_cur.id IS NULL THEN
        v_new := v_in;
        -- the replacement booking may have arrived before this, its old half
        IF v_new.new_invitee_uri IS NULL THEN
            SELECT c.invitee_uri INTO v_new.new_invitee_uri
              FROM calendly_meetings c WHERE c.old_invitee_uri = v_in.invitee_uri LIMIT 1;
        END IF;
        IF v_new.new_invitee_uri IS NOT NULL THEN
            v_new.rescheduled := true;
            v_new.invitee_status := 'rescheduled';
        END IF;
        INSERT INTO meetings (title, description, start_time, end_time, duration_minutes, location, status,
                              source, customer_id, employee_id)
        VALUES (v_meeting ->> 'title', v_meeting ->> 'description', (v_meeting ->> 'start_time')::timestamptz,
                (v_meeting ->> 'end_time')::timestamptz, (v_meeting ->> 'duration_minutes')::int,
                v_meeting ->> 'location', v_new.invitee_status, 'calendly', p_customer_id, v_organizer)
        RETURNING id INTO v_meeting_id;
        v_new.id := nextval(pg_get_serial_sequence('calendly_meetings', 'id'));
        v_new.meeting_id := v_meeting_id;
        v_new.synced_at := now();
        v_new.created_at := now();
        v_new.updated_at := now();
        INSERT INTO calendly_meetings VALUES (v_new.*);
        INSERT INTO meeting_hosts (meeting_id, position, user_uri, email, name, employee_id)
        SELECT v_meeting_id, (h ->> 'position')::int, h ->> 'user_uri', h ->> 'email', h ->> 'name',
               (h ->> 'employee_id')::bigint
          FROM jsonb_array_elements(v_new.hosts) AS h;
        change := 'created';
    ELSE
        v_newer := (coalesce(v_in.calendly_updated_at, '-infinity'), coalesce(v_in.event_updated_at, '-infinity'))
                >= (coalesce(v_cur.calendly_updated_at, '-infinity'), coalesce(v_cur.event_updated_at, '-infinity'));
        IF v_newer THEN
            v_new := v_in;
            v_new.id := v_cur.id;
            v_new.meeting_id := v_cur.meeting_id;
            v_new.created_at := v_cur.created_at;
        ELSE
            v_new := v_cur;
        END IF;

        -- status only moves forward; the cancellation details come with the status that wins
        IF calendly_status_rank(v_in.invitee_status) > calendly_status_rank(v_cur.invitee_status) THEN
            v_src := v_in;
        ELSIF calendly_status_rank(v_cur.invitee_status) > calendly_status_rank(v_in.invitee_status) THEN
            v_src := v_cur;
        ELSE
            v_src := v_new;
        END IF;
        v_new.invitee_status := v_src.invitee_status;
        v_new.canceled_at := coalesce(v_src.canceled_at, v_new.canceled_at, v_cur.canceled_at);
        v_new.cancel_reason := coalesce(v_src.cancel_reason, v_new.cancel_reason, v_cur.cancel_reason);
        v_new.canceled_by := coalesce(v_src.canceled_by, v_new.canceled_by, v_cur.canceled_by);
        v_new.canceler_type := coalesce(v_src.canceler_type, v_new.canceler_type, v_cur.canceler_type);

        v_new.rescheduled := v_cur.rescheduled OR v_in.rescheduled;
        v_new.old_invitee_uri := coalesce(v_cur.old_invitee_uri, v_in.old_invitee_uri);
        v_new.new_invitee_uri := coalesce(v_cur.new_invitee_uri, v_in.new_invitee_uri);
        IF v_new.new_invitee_uri IS NOT NULL THEN
            v_new.rescheduled := true;
            v_new.invitee_status := 'rescheduled';
        END IF;

        IF v_observed >= coalesce(v_cur.no_show_observed_at, '-infinity') THEN
            v_new.no_show := v_in.no_show;
            v_new.no_show_uri := v_in.no_show_uri;
            v_new.no_show_marked_at := v_in.no_show_marked_at;
            v_new.no_show_observed_at := v_observed;
        ELSE
            v_new.no_show := v_cur.no_show;
            v_new.no_show_uri := v_cur.no_show_uri;
            v_new.no_show_marked_at := v_cur.no_show_marked_at;
            v_new.no_show_observed_at := v_cur.no_show_observed_at;
        END IF;

        -- a customer link, once made, stays; our own bookkeeping columns do not count as a change
        IF v_cur.customer_match = 'matched' THEN
            v_new.customer_match := 'matched';
        ELSE
            v_new.customer_match := v_in.customer_match;
        END IF;
        -- bookkeeping columns move on every delivery but are no change to the meeting
        v_observed := v_new.no_show_observed_at;
        v_new.no_show_observed_at := v_cur.no_show_observed_at;
        v_new.last_change := v_cur.last_change;
        v_new.synced_at := v_cur.synced_at;
        v_new.updated_at := v_cur.updated_at;

        IF v_new IS DISTINCT FROM v_cur THEN
            v_changed := true;
            v_new.last_change := v_change;
            v_new.updated_at := now();
            IF v_new.hosts IS DISTINCT FROM v_cur.hosts THEN
                DELETE FROM meeting_hosts mh WHERE mh.meeting_id = v_cur.meeting_id;
                INSERT INTO meeting_hosts (meeting_id, position, user_uri, email, name, employee_id)
                SELECT v_cur.meeting_id, (h ->> 'position')::int, h ->> 'user_uri', h ->> 'email', h ->> 'name',
                       (h ->> 'employee_id')::bigint
                  FROM jsonb_array_elements(v_new.hosts) AS h;
            END IF;
        END IF;
        v_new.no_show_observed_at := v_observed;
        v_new.synced_at := now();

        UPDATE calendly_meetings c
           SET (meeting_id, invitee_uri, calendly_invitee_uuid, calendly_event_uuid, calendly_event_url,
                invitee_name, invitee_first_name, invitee_last_name, invitee_email, invitee_phone,
                invitee_timezone, event_name, event_type_uri, event_status, event_duration, scheduled_at,
                event_end_at, location_type, location, reschedule_url, cancel_url, invitee_status, canceled_at,
                cancel_reason, canceled_by, canceler_type, rescheduled, old_invitee_uri, new_invitee_uri, no_show,
                no_show_uri, no_show_marked_at, no_show_observed_at, questions_and_answers, utm_campaign,
                utm_source, utm_medium, utm_content, utm_term, salesforce_uuid, hosts, customer_match,
                calendly_data, calendly_created_at, calendly_updated_at, event_updated_at, last_change, synced_at,
                created_at, updated_at) = 
               (v_new.meeting_id, v_new.invitee_uri, v_new.calendly_invitee_uuid, v_new.calendly_event_uuid,
                v_new.calendly_event_url, v_new.invitee_name, v_new.invitee_first_name, v_new.invitee_last_name,
                v_new.invitee_email, v_new.invitee_phone, v_new.invitee_timezone, v_new.event_name,
                v_new.event_type_uri, v_new.event_status, v_new.event_duration, v_new.scheduled_at,
                v_new.event_end_at, v_new.location_type, v_new.location, v_new.reschedule_url, v_new.cancel_url,
                v_new.invitee_status, v_new.canceled_at, v_new.cancel_reason, v_new.canceled_by,
                v_new.canceler_type, v_new.rescheduled, v_new.old_invitee_uri, v_new.new_invitee_uri,
                v_new.no_show, v_new.no_show_uri, v_new.no_show_marked_at, v_new.no_show_observed_at,
                v_new.questions_and_answers, v_new.utm_campaign, v_new.utm_source, v_new.utm_medium,
                v_new.utm_content, v_new.utm_term, v_new.salesforce_uuid, v_new.hosts, v_new.customer_match,
                v_new.calendly_data, v_new.calendly_created_at, v_new.calendly_updated_at, v_new.event_updated_at,
                v_new.last_change, v_new.synced_at, v_new.created_at, v_new.updated_at)
         WHERE c.id = v_cur.id;

        UPDATE meetings m
           SET title = CASE WHEN v_newer THEN v_meeting ->> 'title' ELSE m.title END,
               description = CASE WHEN v_newer THEN v_meeting ->> 'description' ELSE m.description END,
               start_time = CASE WHEN v_newer THEN (v_meeting ->> 'start_time')::timestamptz ELSE m.start_time END,
               end_time = CASE WHEN v_newer THEN (v_meeting ->> 'end_time')::timestamptz ELSE m.end_time END,
               duration_minutes = CASE WHEN v_newer THEN (v_meeting ->> 'duration_minutes')::int ELSE m.duration_minutes END,
               location = CASE WHEN v_newer THEN v_meeting ->> 'location' ELSE m.location END,
               employee_id = CASE WHEN v_newer THEN coalesce(v_organizer, m.employee_id) ELSE m.employee_id END,
               customer_id = coalesce(p_customer_id, m.customer_id),
               status = v_new.invitee_status,
               updated_at = now()
         WHERE m.id = v_cur.meeting_id
           AND (m.title, m.description, m.start_time, m.end_time, m.duration_minutes, m.location, m.employee_id,
                m.customer_id, m.status)
               IS DISTINCT FROM
               (CASE WHEN v_newer THEN v_meeting ->> 'title' ELSE m.title END,
                CASE WHEN v_newer THEN v_meeting ->> 'description' ELSE m.description END,
                CASE WHEN v_newer THEN (v_meeting ->> 'start_time')::timestamptz ELSE m.start_time END,
                CASE WHEN v_newer THEN (v_meeting ->> 'end_time')::timestamptz ELSE m.end_time END,
                CASE WHEN v_newer THEN (v_meeting ->> 'duration_minutes')::int ELSE m.duration_minutes END,
                CASE WHEN v_newer THEN v_meeting ->> 'location' ELSE m.location END,
                CASE WHEN v_newer THEN coalesce(v_organizer, m.employee_id) ELSE m.employee_id END,
                coalesce(p_customer_id, m.customer_id),
                v_new.invitee_status);
        IF FOUND THEN
            v_changed := true;
        END IF;
        v_meeting_id := v_cur.meeting_id;
        change := CASE WHEN v_changed THEN 'updated' ELSE 'unchanged' END;
    END IF;

    -- the replacement tells its old half it was rescheduled, even if that half arrives later
    IF v_new.old_invitee_uri IS NOT NULL THEN
        UPDATE calendly_meetings c
           SET invitee_status = 'rescheduled', rescheduled = true,
               new_invitee_uri = coalesce(c.new_invitee_uri, v_new.invitee_uri), updated_at = now()
         WHERE c.invitee_uri = v_new.old_invitee_uri
           AND (c.invitee_status <> 'rescheduled' OR NOT c.rescheduled OR c.new_invitee_uri IS NULL)
        RETURNING c.meeting_id INTO v_partner;
        IF v_partner IS NOT NULL THEN
            UPDATE meetings m SET status = 'rescheduled', updated_at = now()
             WHERE m.id = v_partner AND m.status <> 'rescheduled';
        END IF;
    END IF;

    meeting_id := v_meeting_id;
    calendly_meeting_id := v_new.id;
    RETURN NEXT;
END
$$;

-- A signed webhook delivery about an invitee: stored, deduplicated and applied in one
-- transaction, so a 200 always means both the delivery and the meeting are on disk.
CREATE FUNCTION calendly_ingest_delivery(p_raw bytea, p_event_type text, p_dedupe_key text,
                                         p_record jsonb, p_customer_id bigint)
RETURNS TABLE (status text, delivery_id bigint, meeting_id bigint, calendly_meeting_id bigint, change text)
LANGUAGE plpgsql AS $$
DECLARE
    v_invitee text := p_record -> 'calendly' ->> 'invitee_uri';
    v_delivery bigint;
BEGIN
    INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, raw_body, invitee_uri)
    VALUES (p_event_type, p_dedupe_key, 'processed', p_raw, v_invitee)
    ON CONFLICT (dedupe_key) WHERE outcome = 'processed' DO NOTHING
    RETURNING id INTO v_delivery;

    IF v_delivery IS NULL THEN
        -- a retry, or a twin that was being applied at the same moment: it already counted
        INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, raw_body, invitee_uri)
        VALUES (p_event_type, p_dedupe_key, 'duplicate', p_raw, v_invitee)
        RETURNING id INTO v_delivery;
        RETURN QUERY
            SELECT 'duplicate'::text, v_delivery, c.meeting_id, c.id, 'unchanged'::text
              FROM calendly_meetings c WHERE c.invitee_uri = v_invitee;
        RETURN;
    END IF;

    RETURN QUERY
        SELECT 'processed'::text, v_delivery, a.meeting_id, a.calendly_meeting_id, a.change
          FROM calendly_apply_invitee(p_record, p_customer_id) AS a;
END
$$;
