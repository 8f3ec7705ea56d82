-- Personal data: which values are personal, how they are withheld, erased, exported and
-- removed by retention. The ONE list of personal values per table is here:
--   calendly_meetings  privacy_anonymised_invitee (and the payload copy: privacy_redacted_invitee_json)
--   meetings           privacy_anonymised_meeting
--   customers          privacy_erase (email, name)
--   webhook_deliveries privacy_redacted_body (the raw delivery)
--   audit_log          privacy_personal_fields (the values erased from the trail; the "row" of an
--                      insert or delete holds them all and is erased whole)
-- calendly_apply_invitee calls privacy_withholds_invitee, so every path (webhook, replay, import,
-- reconciliation, two-way cancel) stores the meeting of a withheld person without their data.

CREATE OR REPLACE FUNCTION privacy_normalised_email(p_email text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT nullif(lower(btrim(p_email)), '')
$$;

-- The keyed hash a person is known by in privacy_subjects and erasure receipts.
CREATE OR REPLACE FUNCTION privacy_subject_hash(p_email text) RETURNS bytea
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT hmac(convert_to('subject:' || privacy_normalised_email(p_email), 'UTF8'), privacy_key(), 'sha256')
$$;

CREATE OR REPLACE FUNCTION privacy_setting(p_name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT s.value FROM privacy_settings s WHERE s.name = p_name
$$;

-- A location the invitee gave (the number Calendly calls, an address they typed) is theirs.
CREATE OR REPLACE FUNCTION privacy_location_is_personal(p_type text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(p_type IN ('outbound_call', 'ask_invitee'), false)
$$;

-- Calendly's invitee JSON (the payload of a delivery, the payload copy calendly_data) without
-- the person: who they are, what they answered, their links, tracking, guests and notes.
CREATE OR REPLACE FUNCTION privacy_redacted_invitee_json(p jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v jsonb;
    e jsonb;
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        RETURN p;
    END IF;
    v := p - ARRAY['name', 'first_name', 'last_name', 'email', 'text_reminder_number', 'timezone',
                   'questions_and_answers', 'reschedule_url', 'cancel_url', 'tracking', 'payment',
                   'routing_form_submission', 'invitee_scheduled_by', 'reconfirmation'];
    IF jsonb_typeof(v -> 'cancellation') = 'object' THEN
        v := jsonb_set(v, '{cancellation}', (v -> 'cancellation') - ARRAY['reason', 'canceled_by']);
    END IF;
    IF jsonb_typeof(v -> 'scheduled_event') = 'object' THEN
        e := (v -> 'scheduled_event') - ARRAY['meeting_notes_plain', 'meeting_notes_html', 'event_guests'];
        IF jsonb_typeof(e -> 'cancellation') = 'object' THEN
            e := jsonb_set(e, '{cancellation}', (e -> 'cancellation') - ARRAY['reason', 'canceled_by']);
        END IF;
        IF privacy_location_is_personal(e -> 'location' ->> 'type') THEN
            e := jsonb_set(e, '{location}', jsonb_build_object('type', e -> 'location' -> 'type'));
        END IF;
        v := jsonb_set(v, '{scheduled_event}', e);
    END IF;
    RETURN v;
END
$$;

-- A raw delivery without the person (an envelope whose payload is redacted); bytes that are not
-- JSON cannot be redacted field by field, so nothing of them is kept.
CREATE OR REPLACE FUNCTION privacy_redacted_body(p_raw bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v jsonb;
BEGIN
    BEGIN
        v := convert_from(p_raw, 'UTF8')::jsonb;
    EXCEPTION WHEN others THEN
        RETURN ''::bytea;
    END;
    IF jsonb_typeof(v) <> 'object' THEN
        RETURN ''::bytea;
    END IF;
    IF jsonb_typeof(v -> 'payload') = 'object' THEN
        v := jsonb_set(v, '{payload}', privacy_redacted_invitee_json(v -> 'payload'));
    END IF;
    RETURN convert_to(v::text, 'UTF8');
END
$$;

-- The Calendly row of an invitee without the person; the meeting, its times, event type, hosts,
-- status, no-show and reschedule links stay for reports.
CREATE OR REPLACE FUNCTION privacy_anonymised_invitee(c calendly_meetings) RETURNS calendly_meetings
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    c.invitee_name := NULL;
    c.invitee_first_name := NULL;
    c.invitee_last_name := NULL;
    c.invitee_email := NULL;
    c.invitee_phone := NULL;
    c.invitee_timezone := NULL;
    c.reschedule_url := NULL;
    c.cancel_url := NULL;
    c.cancel_reason := NULL;
    c.canceled_by := NULL;
    c.questions_and_answers := '[]';
    c.utm_campaign := NULL;
    c.utm_source := NULL;
    c.utm_medium := NULL;
    c.utm_content := NULL;
    c.utm_term := NULL;
    c.salesforce_uuid := NULL;
    IF privacy_location_is_personal(c.location_type) THEN
        c.location := NULL;
    END IF;
    -- a sealed copy cannot be redacted field by field: nothing of it is kept
    c.calendly_data := CASE WHEN jsonb_typeof(c.calendly_data) = 'string' THEN '{}'
                            ELSE coalesce(privacy_redacted_invitee_json(c.calendly_data), '{}') END;
    c.lookup_keys := '{}';
    RETURN c;
END
$$;

-- The company's meeting without the person (its description holds the invitee's answers).
CREATE OR REPLACE FUNCTION privacy_anonymised_meeting(p_meeting jsonb, p_location_type text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_meeting || jsonb_build_object('description', NULL)
           || CASE WHEN privacy_location_is_personal(p_location_type)
                   THEN jsonb_build_object('location', NULL) ELSE '{}' END
$$;

-- Whether an invitee's personal data must not be kept, and why: an erased person or one who
-- asked ('erasure', 'preference'), one who answered the consent question with no
-- ('consent_answer', remembered from then on), or a meeting past the retention ('retention').
-- (It runs on every apply: as the caller, without a function-level search_path, so it costs
-- little; only the keyed hash of the email needs the owner, and only once someone is withheld.)
CREATE OR REPLACE FUNCTION privacy_withholds_invitee(p_in calendly_meetings) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_reason   text;
    v_question text;
    v_no       text;
    v_days     integer;
BEGIN
    IF privacy_normalised_email(p_in.invitee_email) IS NOT NULL AND EXISTS (SELECT 1 FROM privacy_subjects) THEN
        SELECT s.reason INTO v_reason FROM privacy_subjects s
         WHERE s.subject_hash = privacy_subject_hash(p_in.invitee_email);
        IF v_reason IS NOT NULL THEN
            RETURN v_reason;
        END IF;
    END IF;
    SELECT max(value) FILTER (WHERE name = 'consent_question'), max(value) FILTER (WHERE name = 'consent_no_answer'),
           max(value) FILTER (WHERE name = 'personal_data_days')::integer
      INTO v_question, v_no, v_days
      FROM privacy_settings;
    IF v_question IS NOT NULL AND EXISTS (
           SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_in.questions_and_answers) = 'array'
                                                   THEN p_in.questions_and_answers ELSE '[]' END) AS qa
            WHERE lower(btrim(qa ->> 'question')) = lower(btrim(v_question))
              AND lower(btrim(qa ->> 'answer')) = lower(btrim(coalesce(v_no, 'no')))) THEN
        IF privacy_normalised_email(p_in.invitee_email) IS NOT NULL THEN
            INSERT INTO privacy_subjects (subject_hash, reason)
            VALUES (privacy_subject_hash(p_in.invitee_email), 'consent_answer')
            ON CONFLICT (subject_hash) DO NOTHING;
        END IF;
        RETURN 'consent_answer';
    END IF;
    IF v_days IS NOT NULL AND coalesce(p_in.event_end_at, p_in.scheduled_at) < now() - make_interval(days => v_days) THEN
        RETURN 'retention';
    END IF;
    RETURN NULL;
END
$$;

-- The raw body of a delivery about a withheld person, redacted. calendly_ingest_delivery screens
-- the deliveries it stores (processed, duplicate) with the record it already has; this trigger
-- screens the others (failed, ignored), reading the body.
CREATE OR REPLACE FUNCTION privacy_screened_body(p_raw bytea, p_record jsonb) RETURNS bytea
LANGUAGE plpgsql AS $$
DECLARE
    v_probe calendly_meetings;
BEGIN
    -- a sealed record brings its clear values in its part clear (InviteeSealer)
    v_probe.invitee_email := coalesce(p_record -> 'clear' -> 'calendly', p_record -> 'calendly') ->> 'invitee_email';
    v_probe.questions_and_answers := coalesce(p_record -> 'clear' -> 'calendly', p_record -> 'calendly') -> 'questions_and_answers';
    v_probe.event_end_at := (p_record -> 'calendly' ->> 'event_end_at')::timestamptz;
    v_probe.scheduled_at := (p_record -> 'calendly' ->> 'scheduled_at')::timestamptz;
    RETURN CASE WHEN privacy_withholds_invitee(v_probe) IS NULL THEN p_raw ELSE privacy_redacted_body(p_raw) END;
END
$$;

-- Whether a raw delivery body is about a withheld person (read from the body itself).
CREATE OR REPLACE FUNCTION privacy_body_withheld(p_raw bytea) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_payload jsonb;
    v_probe   calendly_meetings;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM privacy_subjects) AND NOT EXISTS (
           SELECT 1 FROM privacy_settings WHERE name IN ('consent_question', 'personal_data_days') AND value IS NOT NULL) THEN
        RETURN false;
    END IF;
    BEGIN
        v_payload := convert_from(p_raw, 'UTF8')::jsonb -> 'payload';
    EXCEPTION WHEN others THEN
        RETURN false;
    END;
    IF jsonb_typeof(v_payload) <> 'object' THEN
        RETURN false;
    END IF;
    v_probe.invitee_email := v_payload ->> 'email';
    v_probe.questions_and_answers := v_payload -> 'questions_and_answers';
    BEGIN
        v_probe.event_end_at := (v_payload -> 'scheduled_event' ->> 'end_time')::timestamptz;
    EXCEPTION WHEN others THEN
        v_probe.event_end_at := NULL;
    END;
    RETURN privacy_withholds_invitee(v_probe) IS NOT NULL;
END
$$;

-- The body a failed or ignored delivery is stored with: sealed (encryption at rest) unless the
-- person is withheld, whose body is kept redacted.
CREATE OR REPLACE FUNCTION privacy_delivery_body(p_clear bytea, p_sealed bytea) RETURNS bytea
LANGUAGE sql AS $$
    SELECT CASE WHEN p_sealed IS NULL THEN p_clear
                WHEN privacy_body_withheld(p_clear) THEN privacy_redacted_body(p_clear)
                ELSE p_sealed END
$$;

CREATE OR REPLACE FUNCTION privacy_guard_delivery() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_payload jsonb;
    v_probe   calendly_meetings;
BEGIN
    IF NEW.sealed_by IS NOT NULL OR (NOT EXISTS (SELECT 1 FROM privacy_subjects) AND NOT EXISTS (
           SELECT 1 FROM privacy_settings WHERE name IN ('consent_question', 'personal_data_days') AND value IS NOT NULL)) THEN
        RETURN NEW;
    END IF;
    BEGIN
        v_payload := convert_from(NEW.raw_body, 'UTF8')::jsonb -> 'payload';
    EXCEPTION WHEN others THEN
        RETURN NEW;
    END;
    IF jsonb_typeof(v_payload) <> 'object' THEN
        RETURN NEW;
    END IF;
    v_probe.invitee_email := v_payload ->> 'email';
    v_probe.questions_and_answers := v_payload -> 'questions_and_answers';
    BEGIN
        v_probe.event_end_at := (v_payload -> 'scheduled_event' ->> 'end_time')::timestamptz;
    EXCEPTION WHEN others THEN
        v_probe.event_end_at := NULL;
    END;
    IF privacy_withholds_invitee(v_probe) IS NOT NULL THEN
        NEW.raw_body := privacy_redacted_body(NEW.raw_body);
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS privacy_guard_delivery ON webhook_deliveries;
CREATE TRIGGER privacy_guard_delivery BEFORE INSERT ON webhook_deliveries
    FOR EACH ROW WHEN (NEW.outcome NOT IN ('processed', 'duplicate')) EXECUTE FUNCTION privacy_guard_delivery();

-- The values the trail keeps in clear that are personal, per audited table.
CREATE OR REPLACE FUNCTION privacy_personal_fields(p_entity text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_entity
        WHEN 'calendly_meetings' THEN ARRAY['invitee_name', 'invitee_first_name', 'invitee_last_name', 'invitee_email',
            'invitee_phone', 'invitee_timezone', 'reschedule_url', 'cancel_url', 'cancel_reason', 'canceled_by',
            'questions_and_answers', 'utm_campaign', 'utm_source', 'utm_medium', 'utm_content', 'utm_term',
            'salesforce_uuid', 'location', 'lookup_keys']
        WHEN 'meetings' THEN ARRAY['description', 'location']
        WHEN 'customers' THEN ARRAY['email', 'name']
        ELSE ARRAY[]::text[] END
$$;

-- Erases the personal values of these entities from the trail. Every committed entry is sealed
-- first (the commitments keep the chain verifiable), then the values are set to null.
CREATE OR REPLACE FUNCTION privacy_redact_audit(p_entity text, p_ids text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_fields text[] := privacy_personal_fields(p_entity);
    v_count  integer;
BEGIN
    IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
        RETURN 0;
    END IF;
    PERFORM audit_seal(2147483647, true);
    UPDATE audit_log a
       SET changes = (SELECT jsonb_object_agg(c.key, CASE WHEN c.key = ANY (v_fields) OR c.key = 'row'
                                                          THEN '[null, null]'::jsonb ELSE c.value END)
                        FROM jsonb_each(a.changes) AS c)
     WHERE a.entity = p_entity AND a.entity_id = ANY (p_ids)
       AND EXISTS (SELECT 1 FROM jsonb_each(a.changes) AS c
                    WHERE (c.key = ANY (v_fields) OR c.key = 'row') AND c.value <> '[null, null]'::jsonb);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

-- Anonymises these Calendly rows, their meetings, the deliveries that carried them and their
-- values in the trail. Returns what it touched.
CREATE OR REPLACE FUNCTION privacy_anonymise_invitees(p_ids bigint[], p_why text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_rows      integer;
    v_meetings  integer;
    v_deliveries integer;
    v_audit     integer;
    v_meeting_ids bigint[];
BEGIN
    WITH changed AS (
        UPDATE calendly_meetings c SET (invitee_name, invitee_first_name, invitee_last_name, invitee_email, invitee_phone,
                invitee_timezone, reschedule_url, cancel_url, cancel_reason, canceled_by, questions_and_answers,
                utm_campaign, utm_source, utm_medium, utm_content, utm_term, salesforce_uuid, location, calendly_data,
                lookup_keys)
             = (SELECT a.invitee_name, a.invitee_first_name, a.invitee_last_name, a.invitee_email, a.invitee_phone,
                       a.invitee_timezone, a.reschedule_url, a.cancel_url, a.cancel_reason, a.canceled_by,
                       a.questions_and_answers, a.utm_campaign, a.utm_source, a.utm_medium, a.utm_content, a.utm_term,
                       a.salesforce_uuid, a.location, a.calendly_data, a.lookup_keys
                  FROM privacy_anonymised_invitee(c) AS a)
         WHERE c.id = ANY (p_ids) AND c IS DISTINCT FROM privacy_anonymised_invitee(c)
        RETURNING c.id)
    SELECT count(*) INTO v_rows FROM changed;

    SELECT array_agg(c.meeting_id) INTO v_meeting_ids FROM calendly_meetings c WHERE c.id = ANY (p_ids);
    UPDATE meetings m
       SET description = NULL,
           location = CASE WHEN privacy_location_is_personal(c.location_type) THEN NULL ELSE m.location END,
           updated_at = now()
      FROM calendly_meetings c
     WHERE c.id = ANY (p_ids) AND m.id = c.meeting_id
       AND (m.description IS NOT NULL OR (privacy_location_is_personal(c.location_type) AND m.location IS NOT NULL));
    GET DIAGNOSTICS v_meetings = ROW_COUNT;

    UPDATE webhook_deliveries d
       SET raw_body = privacy_redacted_body(d.raw_body), raw_body_removed = coalesce(d.raw_body_removed, p_why),
           sealed_by = NULL, subject_keys = '{}'
      FROM calendly_meetings c
     WHERE c.id = ANY (p_ids) AND d.invitee_uri = c.invitee_uri
       AND d.raw_body IS DISTINCT FROM privacy_redacted_body(d.raw_body);
    GET DIAGNOSTICS v_deliveries = ROW_COUNT;

    v_audit := privacy_redact_audit('calendly_meetings', (SELECT array_agg(i::text) FROM unnest(p_ids) AS i))
             + privacy_redact_audit('meetings', (SELECT array_agg(i::text) FROM unnest(v_meeting_ids) AS i));
    RETURN jsonb_build_object('calendlyRecords', v_rows, 'meetings', v_meetings, 'deliveries', v_deliveries,
                              'auditEntries', v_audit);
END
$$;

-- The Calendly rows of a person, found by their email.
CREATE OR REPLACE FUNCTION privacy_invitees_of(p_email text) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM (
        SELECT c.id FROM calendly_meetings c
         WHERE lower(btrim(c.invitee_email)) = privacy_normalised_email(p_email) AND c.invitee_email IS NOT NULL
        UNION
        -- sealed rows (encryption at rest), by the keyed lookup of the email
        SELECT c.id FROM calendly_meetings c
         WHERE calendly_email_lookup(p_email) IS NOT NULL AND c.lookup_keys @> ARRAY[calendly_email_lookup(p_email)]) AS found
$$;

-- Removes a person's personal data from every table and keeps them withheld from then on.
-- Erasing twice is safe: the second time finds nothing left and says so.
-- p_bodies_redacted: sealed delivery bodies the app already redacted in this transaction
-- (encryption at rest, SealedBodyRedaction), counted in the receipt with the others.
DROP FUNCTION IF EXISTS privacy_erase(text, text);
CREATE OR REPLACE FUNCTION privacy_erase(p_email text, p_reason text, p_bodies_redacted integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_email     text := privacy_normalised_email(p_email);
    v_hash      bytea := privacy_subject_hash(p_email);
    v_started   timestamptz := clock_timestamp();
    v_touched   jsonb;
    v_customers bigint[];
    v_other     integer;
    v_audit     integer;
    v_before    text;
    v_receipt   bigint;
BEGIN
    SELECT s.reason INTO v_before FROM privacy_subjects s WHERE s.subject_hash = v_hash;
    INSERT INTO privacy_subjects (subject_hash, reason) VALUES (v_hash, 'erasure')
    ON CONFLICT (subject_hash) DO UPDATE SET reason = 'erasure', updated_at = now()
     WHERE privacy_subjects.reason <> 'erasure';

    v_touched := privacy_anonymise_invitees(privacy_invitees_of(v_email), 'erasure');

    -- deliveries not linked to a stored invitee (failed or ignored ones) that mention the email
    UPDATE webhook_deliveries d
       SET raw_body = privacy_redacted_body(d.raw_body), raw_body_removed = coalesce(d.raw_body_removed, 'erasure'),
           sealed_by = NULL, subject_keys = '{}'
     WHERE d.outcome IN ('failed', 'ignored')
       AND (strpos(lower(encode(d.raw_body, 'escape')), v_email) > 0
            OR (d.subject_keys <> '{}' AND d.subject_keys @> ARRAY[calendly_email_lookup(v_email)]));
    GET DIAGNOSTICS v_other = ROW_COUNT;

    WITH erased AS (
        UPDATE customers c SET email = format('erased-customer-%s@invalid', c.id), name = NULL, updated_at = now()
         WHERE lower(btrim(c.email)) = v_email
        RETURNING c.id)
    SELECT coalesce(array_agg(id), '{}') INTO v_customers FROM erased;
    v_audit := privacy_redact_audit('customers', (SELECT array_agg(i::text) FROM unnest(v_customers) AS i));

    v_touched := v_touched || jsonb_build_object(
        'deliveries', (v_touched ->> 'deliveries')::int + v_other + p_bodies_redacted,
        'customers', cardinality(v_customers),
        'auditEntries', (v_touched ->> 'auditEntries')::int + v_audit,
        'alreadyErased', coalesce(v_before = 'erasure', false),
        'suppressed', true);
    v_touched := v_touched || jsonb_build_object('nothingHeld',
        (v_touched ->> 'calendlyRecords')::int + (v_touched ->> 'meetings')::int + (v_touched ->> 'deliveries')::int
        + cardinality(v_customers) = 0);

    INSERT INTO privacy_erasures (subject_hash, reason, requested_by, touched, duration_ms)
    VALUES (v_hash, p_reason, audit_actor(), v_touched,
            (extract(epoch FROM clock_timestamp() - v_started) * 1000)::int)
    RETURNING id INTO v_receipt;
    PERFORM audit_note('erasure', 'person', encode(v_hash, 'hex'),
                       jsonb_build_object('receipt', v_receipt, 'touched', v_touched));
    RETURN jsonb_build_object('receiptId', v_receipt, 'subject', encode(v_hash, 'hex'), 'touched', v_touched);
END
$$;

-- A person's wish: keepPersonalData false withholds and anonymises them as an erasure does
-- (their customer record stays); true lifts a wish or a consent answer, never an erasure.
CREATE OR REPLACE FUNCTION privacy_set_preference(p_email text, p_keep boolean) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_hash    bytea := privacy_subject_hash(p_email);
    v_reason  text;
    v_touched jsonb := '{}';
BEGIN
    SELECT s.reason INTO v_reason FROM privacy_subjects s WHERE s.subject_hash = v_hash;
    IF v_reason = 'erasure' THEN
        RETURN jsonb_build_object('subject', encode(v_hash, 'hex'), 'keepPersonalData', false, 'reason', 'erasure',
                                  'refused', true);
    END IF;
    IF p_keep THEN
        DELETE FROM privacy_subjects s WHERE s.subject_hash = v_hash;
        v_reason := NULL;
    ELSE
        INSERT INTO privacy_subjects (subject_hash, reason) VALUES (v_hash, 'preference')
        ON CONFLICT (subject_hash) DO UPDATE SET reason = 'preference', updated_at = now()
         WHERE privacy_subjects.reason <> 'preference';
        v_reason := 'preference';
        v_touched := privacy_anonymise_invitees(privacy_invitees_of(p_email), 'preference');
    END IF;
    RETURN jsonb_build_object('subject', encode(v_hash, 'hex'), 'keepPersonalData', p_keep, 'reason', v_reason,
                              'touched', v_touched, 'refused', false);
END
$$;

-- A delivery's bytes as JSON when they are JSON, else as text.
CREATE OR REPLACE FUNCTION privacy_decoded_body(p_raw bytea) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN convert_from(p_raw, 'UTF8')::jsonb;
EXCEPTION WHEN others THEN
    RETURN to_jsonb(encode(p_raw, 'escape'));
END
$$;

-- Everything held about a person, as one document (GDPR access / portability).
CREATE OR REPLACE FUNCTION privacy_subject_export(p_email text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_email    text := privacy_normalised_email(p_email);
    v_hash     bytea := privacy_subject_hash(p_email);
    v_ids      bigint[] := privacy_invitees_of(p_email);
    v_customers bigint[];
    v_doc      jsonb;
BEGIN
    SELECT coalesce(array_agg(c.id), '{}') INTO v_customers FROM customers c WHERE lower(btrim(c.email)) = v_email;
    PERFORM audit_seal(2147483647, true);
    v_doc := jsonb_build_object(
        'subject', jsonb_build_object('email', v_email, 'subjectHash', encode(v_hash, 'hex'),
            'withheld', (SELECT s.reason FROM privacy_subjects s WHERE s.subject_hash = v_hash),
            'erasures', (SELECT coalesce(jsonb_agg(jsonb_build_object('receiptId', e.id, 'requestedAt', e.requested_at)
                                                    ORDER BY e.id), '[]')
                           FROM privacy_erasures e WHERE e.subject_hash = v_hash)),
        'meetings', (SELECT coalesce(jsonb_agg(jsonb_build_object('meeting', to_jsonb(m), 'calendly', to_jsonb(c))
                                               ORDER BY c.id), '[]')
                       FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id WHERE c.id = ANY (v_ids)),
        'deliveries', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'receivedAt', d.received_at,
                                                   'event', d.event_type, 'outcome', d.outcome,
                                                   'body', privacy_decoded_body(d.raw_body))
                                                   -- a sealed body is opened by the app (SubjectExport)
                                                   || CASE WHEN d.sealed_by IS NULL THEN '{}' ELSE jsonb_build_object(
                                                          'sealedBy', d.sealed_by, 'sealRef', d.seal_ref,
                                                          'body', convert_from(d.raw_body, 'UTF8')) END ORDER BY d.id), '[]')
                         FROM webhook_deliveries d
                        WHERE d.invitee_uri IN (SELECT c.invitee_uri FROM calendly_meetings c WHERE c.id = ANY (v_ids))
                           OR (d.outcome IN ('failed', 'ignored') AND strpos(lower(encode(d.raw_body, 'escape')), v_email) > 0)
                           OR (d.outcome IN ('failed', 'ignored') AND d.subject_keys <> '{}'
                               AND d.subject_keys @> ARRAY[calendly_email_lookup(v_email)])),
        'customers', (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.id), '[]') FROM customers c WHERE c.id = ANY (v_customers)),
        'audit', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'at', a.at, 'actor', a.actor, 'action', a.action,
                                              'entity', a.entity, 'entityId', a.entity_id, 'changes', a.changes)
                                            ORDER BY a.id), '[]')
                    FROM audit_log a
                   WHERE (a.entity = 'calendly_meetings' AND a.entity_id IN (SELECT i::text FROM unnest(v_ids) AS i))
                      OR (a.entity = 'meetings' AND a.entity_id IN (SELECT c.meeting_id::text FROM calendly_meetings c
                                                                     WHERE c.id = ANY (v_ids)))
                      OR (a.entity = 'customers' AND a.entity_id IN (SELECT i::text FROM unnest(v_customers) AS i))
                      OR (a.entity = 'person' AND a.entity_id = encode(v_hash, 'hex'))));
    PERFORM audit_note('subject_export', 'person', encode(v_hash, 'hex'), jsonb_build_object(
        'meetings', jsonb_array_length(v_doc -> 'meetings'), 'deliveries', jsonb_array_length(v_doc -> 'deliveries'),
        'customers', jsonb_array_length(v_doc -> 'customers'), 'auditEntries', jsonb_array_length(v_doc -> 'audit')));
    RETURN v_doc;
END
$$;

-- Retention. Each kind is removed before its cutoff (null: kept):
--   raw_bodies     webhook_deliveries.raw_body received before the cutoff (emptied, the row stays)
--   personal_data  personal data of meetings that ended before the cutoff (anonymised)
--   access_audit   access_audit rows (refusals, token changes) before the cutoff (deleted)
CREATE OR REPLACE FUNCTION privacy_retention_due(p_raw timestamptz, p_personal timestamptz, p_access timestamptz)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'raw_bodies', CASE WHEN p_raw IS NULL THEN 0 ELSE
            (SELECT count(*) FROM webhook_deliveries d WHERE d.raw_body_removed IS NULL AND d.received_at < p_raw) END,
        'personal_data', CASE WHEN p_personal IS NULL THEN 0 ELSE
            (SELECT count(*) FROM calendly_meetings c
              WHERE coalesce(c.event_end_at, c.scheduled_at) < p_personal
                AND c IS DISTINCT FROM privacy_anonymised_invitee(c)) END,
        'access_audit', CASE WHEN p_access IS NULL THEN 0 ELSE
            (SELECT count(*) FROM access_audit a WHERE a.at < p_access) END)
$$;

-- One batch of one kind; returns how many it removed (fewer than p_limit: that kind is done).
CREATE OR REPLACE FUNCTION privacy_retention_batch(p_kind text, p_cutoff timestamptz, p_limit integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer;
    v_ids   bigint[];
BEGIN
    IF p_kind = 'raw_bodies' THEN
        UPDATE webhook_deliveries d SET raw_body = ''::bytea, raw_body_removed = 'retention'
         WHERE d.id IN (SELECT x.id FROM webhook_deliveries x
                         WHERE x.raw_body_removed IS NULL AND x.received_at < p_cutoff ORDER BY x.id LIMIT p_limit);
        GET DIAGNOSTICS v_count = ROW_COUNT;
    ELSIF p_kind = 'personal_data' THEN
        SELECT coalesce(array_agg(x.id), '{}') INTO v_ids
          FROM (SELECT c.id FROM calendly_meetings c
                 WHERE coalesce(c.event_end_at, c.scheduled_at) < p_cutoff
                   AND c IS DISTINCT FROM privacy_anonymised_invitee(c)
                 ORDER BY c.id LIMIT p_limit) AS x;
        PERFORM privacy_anonymise_invitees(v_ids, 'retention');
        v_count := cardinality(v_ids);
    ELSIF p_kind = 'access_audit' THEN
        DELETE FROM access_audit a
         WHERE a.id IN (SELECT x.id FROM access_audit x WHERE x.at < p_cutoff ORDER BY x.id LIMIT p_limit);
        GET DIAGNOSTICS v_count = ROW_COUNT;
    ELSE
        RAISE EXCEPTION 'unknown retention kind %', p_kind;
    END IF;
    RETURN v_count;
END
$$;
