-- How a Calendly invitee becomes records, in one place and in one transaction: every path
-- (webhook, replay, import, reconciliation, two-way cancel) calls calendly_apply_invitee with
-- the record InviteeMapper made. The record has the parts
--   calendly     columns of calendly_meetings, as Calendly describes the invitee now
--   meeting      the company's meeting (title, description, times, location)
--   change       what the source says happened (created, canceled, no_show_marked, ...)
--   observed_at  when the source saw this state (orders no-show marks)
--   customer     optional {"id": n|null}: a customer already chosen by the company's own
--                match query (CALENDLY_CUSTOMER_MATCH_QUERY); without it calendly_match_customer decides
-- The rules themselves are in R__calendly_invitee_merge.sql and R__company_matching.sql.

DROP FUNCTION IF EXISTS calendly_apply_invitee(jsonb, bigint);
DROP FUNCTION IF EXISTS calendly_ingest_delivery(bytea, text, text, jsonb, bigint);

-- Writes a whole calendly_meetings row over the stored one with the same id, whatever columns
-- the table has: the column list is read from the catalog, so a new column needs no change here.
CREATE OR REPLACE FUNCTION calendly_store_invitee(p_row calendly_meetings) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_columns text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_columns
      FROM pg_attribute
     WHERE attrelid = 'calendly_meetings'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'id';
    EXECUTE format('UPDATE calendly_meetings SET (%1$s) = (SELECT %1$s FROM (SELECT ($1).*) AS r) WHERE id = ($1).id',
                   v_columns)
      USING p_row;
END
$$;

-- The company's meeting row for a Calendly invitee: times, title and place follow the newer
-- version, the organizer the first matched host, the customer the match, the status the merge.
CREATE OR REPLACE FUNCTION calendly_write_meeting(p_meeting_id bigint, p_meeting jsonb, p_newer boolean,
                                                  p_organizer bigint, p_customer_id bigint, p_status text)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meetings m
       SET title = CASE WHEN p_newer THEN p_meeting ->> 'title' ELSE m.title END,
           description = CASE WHEN p_newer THEN p_meeting ->> 'description' ELSE m.description END,
           start_time = CASE WHEN p_newer THEN (p_meeting ->> 'start_time')::timestamptz ELSE m.start_time END,
           end_time = CASE WHEN p_newer THEN (p_meeting ->> 'end_time')::timestamptz ELSE m.end_time END,
           duration_minutes = CASE WHEN p_newer THEN (p_meeting ->> 'duration_minutes')::int ELSE m.duration_minutes END,
           location = CASE WHEN p_newer THEN p_meeting ->> 'location' ELSE m.location END,
           employee_id = CASE WHEN p_newer THEN coalesce(p_organizer, m.employee_id) ELSE m.employee_id END,
           customer_id = coalesce(p_customer_id, m.customer_id),
           status = p_status,
           updated_at = now()
     WHERE m.id = p_meeting_id
       AND (m.title, m.description, m.start_time, m.end_time, m.duration_minutes, m.location, m.employee_id,
            m.customer_id, m.status)
           IS DISTINCT FROM
           (CASE WHEN p_newer THEN p_meeting ->> 'title' ELSE m.title END,
            CASE WHEN p_newer THEN p_meeting ->> 'description' ELSE m.description END,
            CASE WHEN p_newer THEN (p_meeting ->> 'start_time')::timestamptz ELSE m.start_time END,
            CASE WHEN p_newer THEN (p_meeting ->> 'end_time')::timestamptz ELSE m.end_time END,
            CASE WHEN p_newer THEN (p_meeting ->> 'duration_minutes')::int ELSE m.duration_minutes END,
            CASE WHEN p_newer THEN p_meeting ->> 'location' ELSE m.location END,
            CASE WHEN p_newer THEN coalesce(p_organizer, m.employee_id) ELSE m.employee_id END,
            coalesce(p_customer_id, m.customer_id),
            p_status);
    RETURN FOUND;
END
$$;

CREATE OR REPLACE FUNCTION calendly_apply_invitee(p_record jsonb)
RETURNS TABLE (meeting_id bigint, calendly_meeting_id bigint, change text)
LANGUAGE plpgsql AS $$
DECLARE
    v_in          calendly_meetings := jsonb_populate_record(NULL::calendly_meetings, p_record -> 'calendly');
    v_meeting     jsonb := p_record -> 'meeting';
    v_change      text := p_record ->> 'change';
    v_observed    timestamptz := (p_record ->> 'observed_at')::timestamptz;
    v_customer_id bigint;
    v_cur         calendly_meetings;
    v_new         calendly_meetings;
    v_organizer   bigint;
    v_meeting_id  bigint;
    v_changed     boolean;
    v_partner     bigint;
    v_withheld    text;
    v_clear       calendly_meetings;
BEGIN
    -- One invitee at a time, together with its reschedule partners, always locked in the same
    -- order: concurrent deliveries for one invitee never make two rows, and never deadlock.
    PERFORM pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT hashtextextended(u, 0) AS k
               FROM unnest(ARRAY[v_in.invitee_uri, v_in.old_invitee_uri, v_in.new_invitee_uri]) AS u
              WHERE u IS NOT NULL
              ORDER BY 1) AS keys;

    -- a person whose data is not kept (erased, asked, said no, past retention: R__privacy_rules.sql)
    -- is stored without it, and matched to no customer
    -- a sealed record (encryption at rest, InviteeSealer) brings the clear values the rules need in
    -- its part clear: they serve this call only and are never stored
    v_clear := CASE WHEN p_record ? 'clear' THEN jsonb_populate_record(v_in, p_record -> 'clear' -> 'calendly') ELSE v_in END;
    v_withheld := privacy_withholds_invitee(v_clear);
    IF v_withheld IS NOT NULL THEN
        -- nothing personal is left to seal: the anonymised row is kept as it is
        v_in := privacy_anonymised_invitee(v_clear);
        v_in.sealed_by := NULL;
        v_meeting := privacy_anonymised_meeting(v_meeting || coalesce(p_record -> 'clear' -> 'meeting', '{}'), v_in.location_type);
        v_clear := v_in;
        p_record := p_record - 'customer';
    END IF;
    v_in.lookup_keys := calendly_lookup_keys(v_clear);

    -- the people: hosts to employees (the first host organises), the invitee to a customer
    v_in.hosts := calendly_match_hosts(v_in.hosts);
    v_organizer := (v_in.hosts -> 0 ->> 'employee_id')::bigint;
    IF p_record ? 'customer' THEN
        v_customer_id := (p_record -> 'customer' ->> 'id')::bigint;
        v_in.customer_match := CASE
            WHEN coalesce(btrim(v_in.invitee_email), '') = '' THEN 'no_email'
            WHEN v_customer_id IS NULL THEN 'unmatched' ELSE 'matched' END;
    ELSE
        SELECT m.customer_id, m.customer_match INTO v_customer_id, v_in.customer_match
          FROM calendly_match_customer(v_clear) AS m;
    END IF;
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
                v_meeting ->> 'location', v_new.invitee_status, 'calendly', v_customer_id, v_organizer)
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
        v_new := calendly_merge_invitee(v_cur, v_in, v_observed);
        IF v_withheld IS NOT NULL THEN
            v_new := privacy_anonymised_invitee(v_new);
        END IF;
        v_new.sealed_by := calendly_merged_seal(v_cur, v_in, v_new);
        v_changed := v_new IS DISTINCT FROM v_cur;
        IF v_changed THEN
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
        IF v_observed >= coalesce(v_cur.no_show_observed_at, '-infinity') THEN
            v_new.no_show_observed_at := v_observed;
        END IF;
        v_new.synced_at := now();
        PERFORM calendly_store_invitee(v_new);

        IF calendly_write_meeting(v_cur.meeting_id, v_meeting, calendly_is_newer(v_in, v_cur), v_organizer,
                                  v_customer_id, v_new.invitee_status) THEN
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

    -- the company's links: how each was made (rule or person), the project, the unmatched reason
    PERFORM company_relink_meetings(ARRAY[v_meeting_id],
                                    CASE WHEN v_clear.sealed_by IS NOT NULL
                                         THEN jsonb_build_object(v_meeting_id::text, jsonb_build_object(
                                              'email', v_clear.invitee_email, 'answers', v_clear.questions_and_answers)) END);

    meeting_id := v_meeting_id;
    calendly_meeting_id := v_new.id;
    RETURN NEXT;
END
$$;

-- The values of a Calendly row that are sealed at rest (PersonalFields.java).
CREATE OR REPLACE FUNCTION calendly_personal_values(c calendly_meetings) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY[c.invitee_name, c.invitee_first_name, c.invitee_last_name, c.invitee_email, c.invitee_phone,
                 c.cancel_reason, c.canceled_by, c.questions_and_answers::text, c.calendly_data::text, c.location::text]
$$;

-- Which key sealed a merged row: the key of both versions when they agree, else of the version
-- whose personal values won, else 'mixed' (values of both; the re-encryption job reseals it).
CREATE OR REPLACE FUNCTION calendly_merged_seal(p_cur calendly_meetings, p_in calendly_meetings, p_new calendly_meetings)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN p_cur.sealed_by IS NOT DISTINCT FROM p_in.sealed_by THEN p_in.sealed_by
        WHEN calendly_personal_values(p_new) IS NOT DISTINCT FROM calendly_personal_values(p_in) THEN p_in.sealed_by
        WHEN calendly_personal_values(p_new) IS NOT DISTINCT FROM calendly_personal_values(p_cur) THEN p_cur.sealed_by
        ELSE 'mixed' END
$$;
