-- A signed webhook delivery about an invitee: stored, deduplicated and applied in one
-- transaction, so a 200 always means both the delivery and the meeting are on disk.
-- Calendly sends no delivery id: the dedupe key (DeliveryReader) names what the delivery is
-- about, and only the first delivery with a key counts; retries are kept as 'duplicate'.
-- p_actor names who acts for the audit trail (the webhook, or an admin's replay), set here so
-- that a delivery costs the database one statement.
DROP FUNCTION IF EXISTS calendly_ingest_delivery(bytea, text, text, jsonb);
DROP FUNCTION IF EXISTS calendly_ingest_delivery(bytea, text, text, jsonb, jsonb);
-- With encryption at rest the app also passes the body sealed (p_sealed_body, the key id, the
-- reference it is bound to, and the keyed emails it mentions): that is what is stored, unless the
-- person is withheld, whose body is kept redacted (nothing personal left to seal).
CREATE OR REPLACE FUNCTION calendly_ingest_delivery(p_raw bytea, p_event_type text, p_dedupe_key text,
                                                    p_record jsonb, p_actor jsonb DEFAULT NULL,
                                                    p_sealed_body bytea DEFAULT NULL, p_sealed_by text DEFAULT NULL,
                                                    p_seal_ref text DEFAULT NULL, p_subject_keys bytea[] DEFAULT '{}')
RETURNS TABLE (status text, delivery_id bigint, meeting_id bigint, calendly_meeting_id bigint, change text)
LANGUAGE plpgsql AS $$
DECLARE
    v_invitee text := p_record -> 'calendly' ->> 'invitee_uri';
    v_delivery bigint;
    v_body bytea;
BEGIN
    IF p_actor IS NOT NULL THEN
        PERFORM set_config('calendly.actor', p_actor::text, true);
    END IF;
    -- a withheld person's delivery is kept redacted (R__privacy_rules.sql)
    v_body := privacy_screened_body(p_raw, p_record);
    IF p_sealed_body IS NULL OR v_body IS DISTINCT FROM p_raw THEN
        p_sealed_by := NULL;
        p_seal_ref := NULL;
        p_subject_keys := '{}';
    ELSE
        v_body := p_sealed_body;
    END IF;
    INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, raw_body, invitee_uri, sealed_by, seal_ref, subject_keys)
    VALUES (p_event_type, p_dedupe_key, 'processed', v_body, v_invitee, p_sealed_by, p_seal_ref, p_subject_keys)
    ON CONFLICT (dedupe_key) WHERE outcome = 'processed' DO NOTHING
    RETURNING id INTO v_delivery;

    -- the audit trail names the delivery that made the changes (R__audit_trail.sql)
    PERFORM set_config('calendly.actor', (audit_actor() || jsonb_build_object('deliveryId', v_delivery))::text, true);

    IF v_delivery IS NULL THEN
        -- a retry, or a twin that was being applied at the same moment: it already counted
        INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, raw_body, invitee_uri, sealed_by, seal_ref, subject_keys)
        VALUES (p_event_type, p_dedupe_key, 'duplicate', v_body, v_invitee, p_sealed_by, p_seal_ref, p_subject_keys)
        RETURNING id INTO v_delivery;
        RETURN QUERY
            SELECT 'duplicate'::text, v_delivery, c.meeting_id, c.id, 'unchanged'::text
              FROM calendly_meetings c WHERE c.invitee_uri = v_invitee;
        RETURN;
    END IF;

    RETURN QUERY
        SELECT 'processed'::text, v_delivery, a.meeting_id, a.calendly_meeting_id, a.change
          FROM calendly_apply_invitee(p_record) AS a;
END
$$;
