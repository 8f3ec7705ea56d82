-- How report_meetings (V50) follows the meetings, one row per meeting with a start time, and
-- report_slot_counts (V51) and report_day_counts (V53) follow report_meetings: a change to a column
-- a report counts notes the meeting (report_pending, V76) and report_drain works the notes out,
-- before each report is read and every second. A repeatable migration: when this file changes,
-- Flyway runs it again and the last statements recompute every row and every count.
--
-- What a row says:
--   * status and no-show as stored; a no-show counts only while the booking is active, so a host
--     canceling after the start is a cancellation, never a no-show;
--   * booked_at: Calendly's invitee created_at (the booking), for a manual meeting its created_at;
--   * minutes: the event's length (end - start), for a manual meeting duration_minutes;
--   * host_ids: every Calendly host matched to an employee; a manual meeting's employee;
--   * canceled_by: host or invitee, only for status canceled (a reschedule's old booking is
--     'rescheduled', not canceled);
--   * customer_since: when the invitee's email became an active customer's (conversion), for a
--     row in clear; a sealed row's (encryption at rest, sealed) email cannot be read here: null,
--     and conversion matches its keyed email when a report asks (sql/reports/conversion.sql).

-- (Its body and report_conversion_days' use only immutable operations, so PostgreSQL inlines
-- them: extract(epoch FROM timestamptz) and timestamptz + interval are only stable, which made each
-- call a separately planned query, about 75 µs, three of them per new booking.)
CREATE OR REPLACE FUNCTION report_slot(p_at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_timestamp(floor(extract(epoch FROM timezone('UTC', p_at)) / 900) * 900)
$$;

-- A booking's lead time as the reports count it: hours from booking to start, to the half hour
-- (in half hours, so it is a whole number)
CREATE OR REPLACE FUNCTION report_lead_half_hours(p_booked_at timestamptz, p_start_at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CAST(round(extract(epoch FROM p_start_at - p_booked_at) / 1800) AS integer)
$$;

CREATE OR REPLACE VIEW report_meeting_source AS
SELECT m.id AS meeting_id,
       m.start_time AS start_at,
       coalesce(c.calendly_created_at, m.created_at) AS booked_at,
       greatest(0, coalesce(c.event_duration, m.duration_minutes,
                            CAST(extract(epoch FROM m.end_time - m.start_time) / 60 AS integer), 0)) AS minutes,
       coalesce(c.invitee_status, m.status) AS status,
       coalesce(c.no_show, false) AS no_show,
       CASE WHEN coalesce(c.invitee_status, m.status) = 'canceled' AND c.canceler_type IN ('host', 'invitee')
            THEN c.canceler_type END AS canceled_by,
       t.id AS event_type_id,
       m.source,
       m.customer_id,
       m.project_id,
       CASE WHEN c.id IS NULL THEN array_remove(ARRAY[m.employee_id], NULL)
            ELSE ARRAY(SELECT DISTINCT CAST(h ->> 'employee_id' AS bigint)
                         FROM jsonb_array_elements(c.hosts) AS h
                        WHERE h ->> 'employee_id' IS NOT NULL
                        ORDER BY 1) END AS host_ids,
       -- the person (conversion): a sealed row's keyed email lookup (encryption at rest), else its email
       CASE WHEN c.sealed_by IS NOT NULL THEN hashtextextended(encode(c.lookup_keys[1], 'hex'), 0)
            ELSE report_person_key(c.invitee_email) END AS email_key,
       CASE WHEN c.sealed_by IS NULL AND btrim(coalesce(c.invitee_email, '')) <> ''
            THEN (SELECT cu.created_at FROM customers cu
                   WHERE cu.status = 'active' AND cu.email IS NOT NULL
                     AND lower(btrim(cu.email)) = lower(btrim(c.invitee_email))) END AS customer_since,
       coalesce(c.sealed_by IS NOT NULL, false) AS sealed
  FROM meetings m
  LEFT JOIN calendly_meetings c ON c.meeting_id = m.id
  LEFT JOIN report_event_types t ON t.uri = c.event_type_uri
 WHERE m.start_time IS NOT NULL;

-- Whether a booking counts for conversion: it has an invitee email and they were not a customer
-- when they booked (p_customer_since: when their email became an active customer's, if it did).
CREATE OR REPLACE FUNCTION report_prospect(p_email_key bigint, p_booked_at timestamptz, p_customer_since timestamptz)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT p_email_key IS NOT NULL AND (p_customer_since IS NULL OR p_customer_since >= p_booked_at)
$$;

-- A row in clear counted as a prospect in report_day_counts (a sealed row's is found per report).
CREATE OR REPLACE FUNCTION report_counted_prospect(p_fact report_meetings) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT NOT p_fact.sealed AND report_prospect(p_fact.email_key, p_fact.booked_at, p_fact.customer_since)
$$;

-- A prospect's whole days (of 24 hours) from booking to becoming a customer: it converted within
-- a report's days when this is below them. Null: not a customer within 730 days (the most a
-- report asks for), so the day counts keep a handful of values a day.
CREATE OR REPLACE FUNCTION report_conversion_days(p_booked_at timestamptz, p_customer_since timestamptz)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_customer_since >= p_booked_at AND p_customer_since - p_booked_at < interval '731 days'
                THEN CAST(floor(extract(epoch FROM p_customer_since - p_booked_at) / 86400) AS integer) END
$$;

-- A meeting's contribution to report_slot_counts (V51): +1 (or -1 to take it back) in the slot
-- of its start and in the slot of its booking.
CREATE OR REPLACE FUNCTION report_slot_rows(p_sign integer, p_fact report_meetings) RETURNS SETOF report_slot_counts
LANGUAGE sql IMMUTABLE AS $$
    SELECT b.basis,
           report_slot(CASE b.basis WHEN 's' THEN p_fact.start_at ELSE p_fact.booked_at END),
           p_fact.source,
           report_lead_half_hours(p_fact.booked_at, p_fact.start_at),
           p_sign,
           CASE WHEN p_fact.status = 'active' AND NOT p_fact.no_show THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'active' AND p_fact.no_show THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'canceled' THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'canceled' AND p_fact.canceled_by = 'host' THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'canceled' AND p_fact.canceled_by = 'invitee' THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'rescheduled' THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'active' THEN p_sign * p_fact.minutes ELSE 0 END
      FROM (VALUES ('s'::"char"), ('b'::"char")) AS b(basis)
     WHERE p_fact.meeting_id IS NOT NULL
$$;

-- A meeting's contribution to report_day_counts (V53): +1 (or -1) on the UTC day of its start and
-- of its booking, once per hosting employee (one row with a null key when none matched), once
-- for its event type and, for a prospect (conversion, V75), once under its conversion days.
CREATE OR REPLACE FUNCTION report_day_rows(p_sign integer, p_fact report_meetings) RETURNS SETOF report_day_counts
LANGUAGE sql IMMUTABLE AS $$
    SELECT b.basis,
           CAST(timezone('UTC', CASE b.basis WHEN 's' THEN p_fact.start_at ELSE p_fact.booked_at END) AS date),
           k.dimension,
           k.key,
           p_fact.source,
           p_sign,
           CASE WHEN p_fact.status = 'active' AND NOT p_fact.no_show THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'active' AND p_fact.no_show THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'canceled' THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'rescheduled' THEN p_sign ELSE 0 END,
           CASE WHEN p_fact.status = 'active' THEN p_sign * p_fact.minutes ELSE 0 END
      FROM (VALUES ('s'::"char"), ('b'::"char")) AS b(basis)
     CROSS JOIN unnest(array_fill('e'::"char", ARRAY[greatest(cardinality(p_fact.host_ids), 1)]) || 't'::"char"
                       || CASE WHEN report_counted_prospect(p_fact) THEN ARRAY['c'::"char"] ELSE '{}' END,
                       CASE WHEN p_fact.host_ids = '{}' THEN ARRAY[NULL::bigint] ELSE p_fact.host_ids END
                       || CAST(p_fact.event_type_id AS bigint)
                       || CASE WHEN report_counted_prospect(p_fact)
                               THEN ARRAY[CAST(report_conversion_days(p_fact.booked_at, p_fact.customer_since) AS bigint)]
                               ELSE '{}' END) AS k(dimension, key)
     WHERE p_fact.meeting_id IS NOT NULL
$$;

-- Works out again the rows of these meetings from their sources, all in one pass: writes the rows
-- whose values changed (each with a new change number), removes those of meetings no longer
-- counted, and appends to the slot and day counts the difference, summed per count row, so a
-- batch of new bookings in one slot adds one row there, not one per booking. The caller
-- (report_drain) holds the lock that keeps two passes from taking back the same old rows.
DROP FUNCTION IF EXISTS report_meeting_refresh(bigint);
DROP FUNCTION IF EXISTS report_event_type_id(text, text);
CREATE OR REPLACE FUNCTION report_meetings_refresh(p_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- the meetings stay until this pass ends: one deleted meanwhile (by hand, a bench's clean-up)
    -- would fail the new row's foreign key; an update of theirs does not wait for this
    PERFORM 1 FROM meetings m WHERE m.id = ANY (p_ids) ORDER BY m.id FOR KEY SHARE;
    -- event types as small numbers, named as Calendly last said (made on first sight)
    INSERT INTO report_event_types AS t (uri, name)
    SELECT DISTINCT ON (c.event_type_uri) c.event_type_uri, c.event_name
      FROM calendly_meetings c
     WHERE c.meeting_id = ANY (p_ids) AND c.event_type_uri IS NOT NULL
     ORDER BY c.event_type_uri, c.updated_at DESC
    ON CONFLICT (uri) DO UPDATE SET name = EXCLUDED.name
     WHERE EXCLUDED.name IS NOT NULL AND t.name IS DISTINCT FROM EXCLUDED.name;

    WITH old AS (
        SELECT f AS r FROM report_meetings f WHERE f.meeting_id = ANY (p_ids)
    ), fresh AS (
        SELECT s.meeting_id, s.start_at, s.booked_at, s.minutes, s.status, s.no_show, s.canceled_by, s.event_type_id,
               s.source, s.customer_id, s.project_id, s.host_ids, s.email_key, s.customer_since, s.sealed
          FROM report_meeting_source s
         WHERE s.meeting_id = ANY (p_ids)
    ), changed AS (
        SELECT n.*
          FROM fresh n
          LEFT JOIN old o ON (o.r).meeting_id = n.meeting_id
         WHERE o.r IS NULL
            OR (n.start_at, n.booked_at, n.minutes, n.status, n.no_show, n.canceled_by, n.event_type_id, n.source,
                n.customer_id, n.project_id, n.host_ids, n.email_key, n.customer_since, n.sealed)
               IS DISTINCT FROM
               ((o.r).start_at, (o.r).booked_at, (o.r).minutes, (o.r).status, (o.r).no_show, (o.r).canceled_by,
                (o.r).event_type_id, (o.r).source, (o.r).customer_id, (o.r).project_id, (o.r).host_ids, (o.r).email_key,
                (o.r).customer_since, (o.r).sealed)
    ), gone AS (
        DELETE FROM report_meetings f
         WHERE f.meeting_id = ANY (p_ids) AND NOT EXISTS (SELECT 1 FROM fresh n WHERE n.meeting_id = f.meeting_id)
        RETURNING f.meeting_id
    ), written AS (
        INSERT INTO report_meetings AS f (meeting_id, start_at, booked_at, minutes, status, no_show, canceled_by,
                                          event_type_id, source, customer_id, project_id, host_ids, email_key, change_seq,
                                          customer_since, sealed)
        SELECT c.meeting_id, c.start_at, c.booked_at, c.minutes, c.status, c.no_show, c.canceled_by, c.event_type_id,
               c.source, c.customer_id, c.project_id, c.host_ids, c.email_key, nextval('report_change_seq'),
               c.customer_since, c.sealed
          FROM changed c
        ON CONFLICT (meeting_id) DO UPDATE
           SET (start_at, booked_at, minutes, status, no_show, canceled_by, event_type_id, source, customer_id,
                project_id, host_ids, email_key, change_seq, customer_since, sealed)
             = (EXCLUDED.start_at, EXCLUDED.booked_at, EXCLUDED.minutes, EXCLUDED.status, EXCLUDED.no_show,
                EXCLUDED.canceled_by, EXCLUDED.event_type_id, EXCLUDED.source, EXCLUDED.customer_id,
                EXCLUDED.project_id, EXCLUDED.host_ids, EXCLUDED.email_key, EXCLUDED.change_seq,
                EXCLUDED.customer_since, EXCLUDED.sealed)
        RETURNING f AS r
    ), taken_back AS (
        -- the old rows of the meetings that changed or are no longer counted
        SELECT o.r FROM old o
         WHERE (o.r).meeting_id IN (SELECT meeting_id FROM changed UNION ALL SELECT meeting_id FROM gone)
    ), slots AS (
        INSERT INTO report_slot_counts
        SELECT * FROM (
            SELECT d.basis, d.slot, d.source, d.lead_half_hours, sum(d.booked) AS booked, sum(d.held) AS held,
                   sum(d.no_shows) AS no_shows, sum(d.canceled) AS canceled, sum(d.canceled_by_host) AS by_host,
                   sum(d.canceled_by_invitee) AS by_invitee, sum(d.rescheduled) AS rescheduled, sum(d.minutes) AS minutes
              FROM (SELECT x.* FROM taken_back b CROSS JOIN LATERAL report_slot_rows(-1, b.r) AS x
                    UNION ALL
                    SELECT x.* FROM written w CROSS JOIN LATERAL report_slot_rows(1, w.r) AS x) AS d
             GROUP BY 1, 2, 3, 4) AS n
         WHERE (n.booked, n.held, n.no_shows, n.canceled, n.by_host, n.by_invitee, n.rescheduled, n.minutes)
               <> (0, 0, 0, 0, 0, 0, 0, 0)
    )
    INSERT INTO report_day_counts
    SELECT * FROM (
        SELECT d.basis, d.utc_day, d.dimension, d.key, d.source, sum(d.booked) AS booked, sum(d.held) AS held,
               sum(d.no_shows) AS no_shows, sum(d.canceled) AS canceled, sum(d.rescheduled) AS rescheduled,
               sum(d.minutes) AS minutes
          FROM (SELECT x.* FROM taken_back b CROSS JOIN LATERAL report_day_rows(-1, b.r) AS x
                UNION ALL
                SELECT x.* FROM written w CROSS JOIN LATERAL report_day_rows(1, w.r) AS x) AS d
         GROUP BY 1, 2, 3, 4, 5) AS n
     WHERE (n.booked, n.held, n.no_shows, n.canceled, n.rescheduled, n.minutes) <> (0, 0, 0, 0, 0, 0);
END
$$;

-- Works out every noted meeting (report_pending, V76), a few thousand at a time; returns how
-- many. One pass at a time: a second waits for the first, so it never takes back the same old
-- rows twice. Called before each report is read (so a report counts every committed change) and
-- every second by the route report-drain (so the table of notes stays short).
CREATE OR REPLACE FUNCTION report_drain() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_ids  bigint[];
    v_done integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('report_drain'));
    LOOP
        WITH taken AS (
            DELETE FROM report_pending p
             WHERE p.ctid = ANY (ARRAY(SELECT q.ctid FROM report_pending q LIMIT 5000))
            RETURNING p.meeting_id
        )
        SELECT array_agg(DISTINCT t.meeting_id) INTO v_ids FROM taken t;
        EXIT WHEN v_ids IS NULL;
        PERFORM report_meetings_refresh(v_ids);
        v_done := v_done + cardinality(v_ids);
    END LOOP;
    RETURN v_done;
END
$$;

-- A change to a meeting only notes it (the webhook's share of the reports: one small row).
CREATE OR REPLACE FUNCTION report_meetings_follow_meeting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_pending VALUES (NEW.id);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION report_meetings_follow_calendly() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_pending VALUES (NEW.meeting_id);
    RETURN NULL;
END
$$;

-- A Calendly meeting is noted when its Calendly half is inserted (right after the meeting, in the
-- same transaction), so a new booking is noted once, not twice. Updates that change nothing a
-- report counts (synced_at, payload, links...) note nothing.
DROP TRIGGER IF EXISTS report_meetings_on_meeting_insert ON meetings;
CREATE TRIGGER report_meetings_on_meeting_insert
    AFTER INSERT ON meetings
    FOR EACH ROW WHEN (NEW.source <> 'calendly')
    EXECUTE FUNCTION report_meetings_follow_meeting();

DROP TRIGGER IF EXISTS report_meetings_on_meeting_update ON meetings;
CREATE TRIGGER report_meetings_on_meeting_update
    AFTER UPDATE ON meetings
    FOR EACH ROW WHEN ((OLD.start_time, OLD.end_time, OLD.duration_minutes, OLD.status, OLD.source, OLD.customer_id,
                        OLD.project_id, OLD.employee_id, OLD.created_at)
                       IS DISTINCT FROM
                       (NEW.start_time, NEW.end_time, NEW.duration_minutes, NEW.status, NEW.source, NEW.customer_id,
                        NEW.project_id, NEW.employee_id, NEW.created_at))
    EXECUTE FUNCTION report_meetings_follow_meeting();

DROP TRIGGER IF EXISTS report_meetings_on_calendly_insert ON calendly_meetings;
CREATE TRIGGER report_meetings_on_calendly_insert
    AFTER INSERT ON calendly_meetings
    FOR EACH ROW
    EXECUTE FUNCTION report_meetings_follow_calendly();

DROP TRIGGER IF EXISTS report_meetings_on_calendly_update ON calendly_meetings;
CREATE TRIGGER report_meetings_on_calendly_update
    AFTER UPDATE ON calendly_meetings
    FOR EACH ROW WHEN ((OLD.invitee_status, OLD.no_show, OLD.canceler_type, OLD.calendly_created_at,
                        OLD.event_duration, OLD.event_type_uri, OLD.event_name, OLD.hosts, OLD.invitee_email)
                       IS DISTINCT FROM
                       (NEW.invitee_status, NEW.no_show, NEW.canceler_type, NEW.calendly_created_at,
                        NEW.event_duration, NEW.event_type_uri, NEW.event_name, NEW.hosts, NEW.invitee_email))
    EXECUTE FUNCTION report_meetings_follow_calendly();

-- A customer made, deactivated or given another email changes whether the bookings with that
-- email (the old one and the new one) were by a customer (conversion): their rows in clear are
-- worked out again (sealed rows are matched when a report asks).
CREATE OR REPLACE FUNCTION report_meetings_follow_customer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_emails text[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.email IS NOT NULL THEN
        v_emails := v_emails || lower(btrim(OLD.email));
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.email IS NOT NULL THEN
        v_emails := v_emails || lower(btrim(NEW.email));
    END IF;
    INSERT INTO report_pending
    SELECT c.meeting_id
      FROM calendly_meetings c
     WHERE lower(btrim(c.invitee_email)) = ANY (v_emails) AND c.sealed_by IS NULL;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS report_meetings_on_customer_insert ON customers;
CREATE TRIGGER report_meetings_on_customer_insert
    AFTER INSERT OR DELETE ON customers
    FOR EACH ROW
    EXECUTE FUNCTION report_meetings_follow_customer();

DROP TRIGGER IF EXISTS report_meetings_on_customer_update ON customers;
CREATE TRIGGER report_meetings_on_customer_update
    AFTER UPDATE ON customers
    FOR EACH ROW WHEN ((OLD.email, OLD.status, OLD.created_at) IS DISTINCT FROM (NEW.email, NEW.status, NEW.created_at))
    EXECUTE FUNCTION report_meetings_follow_customer();

-- Folds every slot's rows into one (run every minute by the route report-count-compaction through
-- report_counts_compact; one instance at a time). Rows added meanwhile are simply left for the
-- next run: the sums stay right.
CREATE OR REPLACE FUNCTION report_slot_counts_compact() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_folded integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('report_slot_counts_compact')) THEN
        RETURN 0;
    END IF;
    WITH repeated AS (
        SELECT basis, slot, source, lead_half_hours
          FROM report_slot_counts
         GROUP BY 1, 2, 3, 4
        HAVING count(*) > 1
    ), gone AS (
        DELETE FROM report_slot_counts c
         USING repeated r
         WHERE (c.basis, c.slot, c.source, c.lead_half_hours) = (r.basis, r.slot, r.source, r.lead_half_hours)
        RETURNING c.*
    )
    INSERT INTO report_slot_counts
    SELECT basis, slot, source, lead_half_hours, sum(booked), sum(held), sum(no_shows), sum(canceled),
           sum(canceled_by_host), sum(canceled_by_invitee), sum(rescheduled), sum(minutes)
      FROM gone
     GROUP BY 1, 2, 3, 4
    HAVING (sum(booked), sum(held), sum(no_shows), sum(canceled), sum(canceled_by_host), sum(canceled_by_invitee),
            sum(rescheduled), sum(minutes)) <> (0, 0, 0, 0, 0, 0, 0, 0);
    GET DIAGNOSTICS v_folded = ROW_COUNT;
    RETURN v_folded;
END
$$;

-- The same for the day counts (V53): each day's rows per dimension, key and source into one.
CREATE OR REPLACE FUNCTION report_day_counts_compact() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_folded integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('report_day_counts_compact')) THEN
        RETURN 0;
    END IF;
    WITH repeated AS (
        SELECT basis, utc_day, dimension, key, source
          FROM report_day_counts
         GROUP BY 1, 2, 3, 4, 5
        HAVING count(*) > 1
    ), gone AS (
        DELETE FROM report_day_counts c
         USING repeated r
         -- (a null key compared as -1, which no id and no number of days is, so the join stays a hash join)
         WHERE (c.basis, c.utc_day, c.dimension, c.source, coalesce(c.key, -1))
               = (r.basis, r.utc_day, r.dimension, r.source, coalesce(r.key, -1))
        RETURNING c.*
    )
    INSERT INTO report_day_counts
    SELECT basis, utc_day, dimension, key, source, sum(booked), sum(held), sum(no_shows), sum(canceled),
           sum(rescheduled), sum(minutes)
      FROM gone
     GROUP BY 1, 2, 3, 4, 5
    HAVING (sum(booked), sum(held), sum(no_shows), sum(canceled), sum(rescheduled), sum(minutes)) <> (0, 0, 0, 0, 0, 0);
    GET DIAGNOSTICS v_folded = ROW_COUNT;
    RETURN v_folded;
END
$$;

CREATE OR REPLACE FUNCTION report_counts_compact() RETURNS integer
LANGUAGE sql AS $$
    SELECT report_slot_counts_compact() + report_day_counts_compact()
$$;

-- The meetings one report counts: in [p_from, p_to) by start (or by booking time), narrowed by
-- the meeting list's filters; p_viewer_employee_id limits an employee token to the meetings its
-- employee hosts. outcome is the one thing each booking ended as, at p_now:
-- completed | upcoming | no-show | canceled | rescheduled. A plain SQL function, so PostgreSQL
-- inlines it into each report's query and plans it with the actual values (a null filter
-- disappears, the date condition becomes an index range).
-- (its columns changed with conversion: dropped first, as CREATE OR REPLACE cannot change them)
DROP FUNCTION IF EXISTS report_facts(timestamptz, timestamptz, boolean, timestamptz, text, bigint, bigint, bigint, text, bigint);
CREATE FUNCTION report_facts(p_from timestamptz, p_to timestamptz, p_by_booking boolean, p_now timestamptz,
                                        p_event_type text, p_employee_id bigint, p_customer_id bigint,
                                        p_project_id bigint, p_source text, p_viewer_employee_id bigint)
RETURNS TABLE (meeting_id bigint, at timestamptz, start_at timestamptz, booked_at timestamptz, minutes integer,
               status text, outcome text, canceled_by text, event_type_id integer, source text, customer_id bigint,
               project_id bigint, host_ids bigint[], email_key bigint, sealed boolean, customer_since timestamptz,
               prospect boolean, conversion_days integer)
LANGUAGE sql STABLE AS $$
    SELECT f.meeting_id,
           CASE WHEN p_by_booking THEN f.booked_at ELSE f.start_at END,
           f.start_at, f.booked_at, f.minutes, f.status,
           CASE WHEN f.status <> 'active' THEN f.status
                WHEN f.no_show THEN 'no-show'
                WHEN f.start_at < p_now THEN 'completed'
                ELSE 'upcoming' END,
           f.canceled_by, f.event_type_id, f.source, f.customer_id, f.project_id, f.host_ids, f.email_key,
           f.sealed, f.customer_since,
           -- as the day counts have them (rows in clear)
           NOT f.sealed AND report_prospect(f.email_key, f.booked_at, f.customer_since),
           CASE WHEN NOT f.sealed AND report_prospect(f.email_key, f.booked_at, f.customer_since)
                THEN report_conversion_days(f.booked_at, f.customer_since) END
      FROM report_meetings f
     WHERE ((p_by_booking AND f.booked_at >= p_from AND f.booked_at < p_to)
            OR (NOT p_by_booking AND f.start_at >= p_from AND f.start_at < p_to))
       -- = ANY (ARRAY(...)): the ids are found first and then walk report_meetings_event_type (V74);
       -- as IN (SELECT ...) PostgreSQL tested every meeting of the range against them
       AND (p_event_type IS NULL OR f.event_type_id = ANY (ARRAY(
               SELECT t.id FROM report_event_types t
                WHERE CASE WHEN p_event_type LIKE 'http%' THEN t.uri = p_event_type
                           ELSE lower(t.name) = lower(p_event_type) END)))
       AND (p_employee_id IS NULL OR f.host_ids @> ARRAY[p_employee_id])
       AND (p_viewer_employee_id IS NULL OR f.host_ids @> ARRAY[p_viewer_employee_id])
       AND (p_customer_id IS NULL OR f.customer_id = p_customer_id)
       AND (p_project_id IS NULL OR f.project_id = p_project_id)
       AND (p_source IS NULL OR f.source = p_source)
$$;

-- (Re)compute every row: the first time, and whenever this file changes what a row says.
INSERT INTO report_event_types (uri, name)
SELECT DISTINCT ON (c.event_type_uri) c.event_type_uri, c.event_name
  FROM calendly_meetings c
 WHERE c.event_type_uri IS NOT NULL
 ORDER BY c.event_type_uri, c.updated_at DESC
ON CONFLICT (uri) DO NOTHING;

DELETE FROM report_meetings f WHERE NOT EXISTS (SELECT 1 FROM report_meeting_source s WHERE s.meeting_id = f.meeting_id);

INSERT INTO report_meetings AS f (meeting_id, start_at, booked_at, minutes, status, no_show, canceled_by,
                                  event_type_id, source, customer_id, project_id, host_ids, email_key, change_seq,
                                  customer_since, sealed)
SELECT s.meeting_id, s.start_at, s.booked_at, s.minutes, s.status, s.no_show, s.canceled_by, s.event_type_id,
       s.source, s.customer_id, s.project_id, s.host_ids, s.email_key, nextval('report_change_seq'), s.customer_since,
       s.sealed
  FROM report_meeting_source s
ON CONFLICT (meeting_id) DO UPDATE
   SET (start_at, booked_at, minutes, status, no_show, canceled_by, event_type_id, source, customer_id,
        project_id, host_ids, email_key, change_seq, customer_since, sealed)
     = (EXCLUDED.start_at, EXCLUDED.booked_at, EXCLUDED.minutes, EXCLUDED.status, EXCLUDED.no_show,
        EXCLUDED.canceled_by, EXCLUDED.event_type_id, EXCLUDED.source, EXCLUDED.customer_id,
        EXCLUDED.project_id, EXCLUDED.host_ids, EXCLUDED.email_key, EXCLUDED.change_seq, EXCLUDED.customer_since,
        EXCLUDED.sealed)
 WHERE (f.start_at, f.booked_at, f.minutes, f.status, f.no_show, f.canceled_by, f.event_type_id, f.source,
        f.customer_id, f.project_id, f.host_ids, f.email_key, f.customer_since, f.sealed)
       IS DISTINCT FROM
       (EXCLUDED.start_at, EXCLUDED.booked_at, EXCLUDED.minutes, EXCLUDED.status, EXCLUDED.no_show,
        EXCLUDED.canceled_by, EXCLUDED.event_type_id, EXCLUDED.source, EXCLUDED.customer_id,
        EXCLUDED.project_id, EXCLUDED.host_ids, EXCLUDED.email_key, EXCLUDED.customer_since, EXCLUDED.sealed);

TRUNCATE report_slot_counts;
INSERT INTO report_slot_counts
SELECT d.basis, d.slot, d.source, d.lead_half_hours, sum(d.booked), sum(d.held), sum(d.no_shows), sum(d.canceled),
       sum(d.canceled_by_host), sum(d.canceled_by_invitee), sum(d.rescheduled), sum(d.minutes)
  FROM report_meetings f
 CROSS JOIN LATERAL report_slot_rows(1, f) AS d
 GROUP BY 1, 2, 3, 4;

TRUNCATE report_day_counts;
INSERT INTO report_day_counts
SELECT d.basis, d.utc_day, d.dimension, d.key, d.source, sum(d.booked), sum(d.held), sum(d.no_shows), sum(d.canceled),
       sum(d.rescheduled), sum(d.minutes)
  FROM report_meetings f
 CROSS JOIN LATERAL report_day_rows(1, f) AS d
 GROUP BY 1, 2, 3, 4, 5;
