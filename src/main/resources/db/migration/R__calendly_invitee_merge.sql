-- The merge rules: what a stored Calendly invitee becomes when another version of it arrives
-- (a webhook, an import or reconciliation listing, a two-way cancel, a replay). Pure
-- functions of their arguments, so each rule is tested straight against PostgreSQL
-- (InviteeMergeRulesTest). calendly_apply_invitee (R__calendly_invitee_apply.sql) calls them.
--   * newer wins: the invitee's (updated_at, event updated_at) orders versions; an older
--     version never overwrites a newer one;
--   * status only moves forward: active -> canceled -> rescheduled; the cancellation details
--     come with the status that wins;
--   * reschedule links, once known, stay, and a known replacement makes the booking 'rescheduled';
--   * the no-show mark follows the latest observation (webhook envelope time, import fetch time);
--   * a customer link, once made, is never undone by a later non-match.

CREATE OR REPLACE FUNCTION calendly_status_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE status WHEN 'rescheduled' THEN 2 WHEN 'canceled' THEN 1 ELSE 0 END
$$;

-- Is p_in at least as new as p_cur, by Calendly's own version stamps?
CREATE OR REPLACE FUNCTION calendly_is_newer(p_in calendly_meetings, p_cur calendly_meetings) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (coalesce(p_in.calendly_updated_at, '-infinity'), coalesce(p_in.event_updated_at, '-infinity'))
        >= (coalesce(p_cur.calendly_updated_at, '-infinity'), coalesce(p_cur.event_updated_at, '-infinity'))
$$;

-- The stored row p_cur merged with the arriving version p_in, observed at p_observed. The
-- bookkeeping columns (no_show_observed_at, last_change, synced_at, updated_at) are p_cur's,
-- so "did anything change" is a plain comparison with p_cur; the caller stamps them.
CREATE OR REPLACE FUNCTION calendly_merge_invitee(p_cur calendly_meetings, p_in calendly_meetings,
                                                  p_observed timestamptz)
RETURNS calendly_meetings
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_new calendly_meetings;
    v_src calendly_meetings;
BEGIN
    IF calendly_is_newer(p_in, p_cur) THEN
        v_new := p_in;
        v_new.id := p_cur.id;
        v_new.meeting_id := p_cur.meeting_id;
        v_new.created_at := p_cur.created_at;
    ELSE
        v_new := p_cur;
    END IF;

    -- status only moves forward; the cancellation details come with the status that wins
    IF calendly_status_rank(p_in.invitee_status) > calendly_status_rank(p_cur.invitee_status) THEN
        v_src := p_in;
    ELSIF calendly_status_rank(p_cur.invitee_status) > calendly_status_rank(p_in.invitee_status) THEN
        v_src := p_cur;
    ELSE
        v_src := v_new;
    END IF;
    v_new.invitee_status := v_src.invitee_status;
    v_new.canceled_at := coalesce(v_src.canceled_at, v_new.canceled_at, p_cur.canceled_at);
    v_new.cancel_reason := coalesce(v_src.cancel_reason, v_new.cancel_reason, p_cur.cancel_reason);
    v_new.canceled_by := coalesce(v_src.canceled_by, v_new.canceled_by, p_cur.canceled_by);
    v_new.canceler_type := coalesce(v_src.canceler_type, v_new.canceler_type, p_cur.canceler_type);

    -- reschedule links, once known, stay
    v_new.rescheduled := p_cur.rescheduled OR p_in.rescheduled;
    v_new.old_invitee_uri := coalesce(p_cur.old_invitee_uri, p_in.old_invitee_uri);
    v_new.new_invitee_uri := coalesce(p_cur.new_invitee_uri, p_in.new_invitee_uri);
    IF v_new.new_invitee_uri IS NOT NULL THEN
        v_new.rescheduled := true;
        v_new.invitee_status := 'rescheduled';
    END IF;

    -- the no-show mark follows the latest observation
    IF p_observed >= coalesce(p_cur.no_show_observed_at, '-infinity') THEN
        v_new.no_show := p_in.no_show;
        v_new.no_show_uri := p_in.no_show_uri;
        v_new.no_show_marked_at := p_in.no_show_marked_at;
    ELSE
        v_new.no_show := p_cur.no_show;
        v_new.no_show_uri := p_cur.no_show_uri;
        v_new.no_show_marked_at := p_cur.no_show_marked_at;
    END IF;

    -- a customer link, once made, stays
    v_new.customer_match := CASE WHEN p_cur.customer_match = 'matched' THEN 'matched' ELSE p_in.customer_match END;

    v_new.no_show_observed_at := p_cur.no_show_observed_at;
    v_new.last_change := p_cur.last_change;
    v_new.synced_at := p_cur.synced_at;
    v_new.updated_at := p_cur.updated_at;
    RETURN v_new;
END
$$;
