-- A signed webhook delivery about an invitee: stored, deduplicated and applied in one
-- transaction, so a 200 always means both the delivery and the meeting are on disk.
-- Calendly sends no delivery id: the dedupe key (DeliveryReader) names what the delivery is
-- about, and only the first delivery with a key counts; retries are kept as 'duplicate'.
-- p_actor names who acts for the audit trail (the webhook, or an admin's replay), set here so
-- that a delivery costs the database one statement.
DROP FUNCTION IF EXISTS calendly_ingest_delivery(bytea, text, text, jsonb);
CREATE OR REPLACE FUNCTION calendly_ingest_delivery(p_raw bytea, p_event_type text, p_dedupe_key text,
                                                    p_record jsonb, p_actor jsonb DEFAULT NULL)
RETURNS TABLE (status text, delivery_id bigint, meeting_id bigint, calendly_meeting_id bigint, change text)
LANGUAGE plpgsql AS $$
DECLARE
    v_invitee text := p_record -> 'calendly' ->> 'invitee_uri';
    v_delivery bigint;
BEGIN
    IF p_actor IS NOT NULL THEN
        PERFORM set_config('calendly.actor', p_actor::text, true);
    END IF;
    -- a withheld person's delivery is kept redacted (R__privacy_rules.sql)
    p_raw := privacy_screened_body(p_raw, p_record);
    INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, raw_body, invitee_uri)
    VALUES (p_event_type, p_dedupe_key, 'processed', p_raw, v_invitee)
    ON CONFLICT (dedupe_key) WHERE outcome = 'processed' DO NOTHING
    RETURNING id INTO v_delivery;

    -- the audit trail names the delivery that made the changes (R__audit_trail.sql)
    PERFORM set_config('calendly.actor', (audit_actor() || jsonb_build_object('deliveryId', v_delivery))::text, true);

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
          FROM calendly_apply_invitee(p_record) AS a;
END
$$;
