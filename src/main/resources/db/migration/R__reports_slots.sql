-- How report_slot_counts (V51) follows report_meetings, and how its rows are folded together.
-- A repeatable migration: when this file changes, the counts are rebuilt from report_meetings.

CREATE OR REPLACE FUNCTION report_slot(p_at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_timestamp(floor(extract(epoch FROM p_at) / 900) * 900)
$$;

-- A booking's lead time as the reports count it: hours from booking to start, to the half hour
-- (in half hours, so it is a whole number)
CREATE OR REPLACE FUNCTION report_lead_half_hours(p_booked_at timestamptz, p_start_at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CAST(round(extract(epoch FROM p_start_at - p_booked_at) / 1800) AS integer)
$$;

-- One statement per change of report_meetings (a webhook changes one row): the rows it added
-- count +1, the rows it removed -1, by start slot and by booking slot; a change that moves no
-- count (a reschedule partner's link, say) adds nothing. The transition tables differ by event,
-- so the statement is put together for the event at hand.
CREATE OR REPLACE FUNCTION report_slot_counts_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_changes text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, n.* FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, o.* FROM old_rows o'
        ELSE 'SELECT -1 AS sign, o.* FROM old_rows o UNION ALL SELECT 1, n.* FROM new_rows n' END;
BEGIN
    EXECUTE format($sql$
        INSERT INTO report_slot_counts
        SELECT * FROM (
            SELECT b.basis, report_slot(CASE b.basis WHEN 's' THEN r.start_at ELSE r.booked_at END) AS slot,
                   r.source, report_lead_half_hours(r.booked_at, r.start_at) AS lead_half_hours,
                   sum(r.sign) AS booked,
                   coalesce(sum(r.sign) FILTER (WHERE r.status = 'active' AND NOT r.no_show), 0) AS held,
                   coalesce(sum(r.sign) FILTER (WHERE r.status = 'active' AND r.no_show), 0) AS no_shows,
                   coalesce(sum(r.sign) FILTER (WHERE r.status = 'canceled'), 0) AS canceled,
                   coalesce(sum(r.sign) FILTER (WHERE r.status = 'canceled' AND r.canceled_by = 'host'), 0) AS by_host,
                   coalesce(sum(r.sign) FILTER (WHERE r.status = 'canceled' AND r.canceled_by = 'invitee'), 0) AS by_invitee,
                   coalesce(sum(r.sign) FILTER (WHERE r.status = 'rescheduled'), 0) AS rescheduled,
                   coalesce(sum(r.sign * r.minutes) FILTER (WHERE r.status = 'active'), 0) AS minutes
              FROM (%s) AS r
             CROSS JOIN (VALUES ('s'::"char"), ('b'::"char")) AS b(basis)
             GROUP BY 1, 2, 3, 4) AS d
         WHERE (d.booked, d.held, d.no_shows, d.canceled, d.by_host, d.by_invitee, d.rescheduled, d.minutes)
               <> (0, 0, 0, 0, 0, 0, 0, 0)
    $sql$, v_changes);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS report_slot_counts_on_insert ON report_meetings;
CREATE TRIGGER report_slot_counts_on_insert
    AFTER INSERT ON report_meetings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_slot_counts_follow();
DROP TRIGGER IF EXISTS report_slot_counts_on_update ON report_meetings;
CREATE TRIGGER report_slot_counts_on_update
    AFTER UPDATE ON report_meetings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_slot_counts_follow();
DROP TRIGGER IF EXISTS report_slot_counts_on_delete ON report_meetings;
CREATE TRIGGER report_slot_counts_on_delete
    AFTER DELETE ON report_meetings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_slot_counts_follow();

-- Folds every slot's rows into one (run every minute by the route report-slot-compaction; one
-- instance at a time). Rows added meanwhile are simply left for the next run: the sums stay right.
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

-- (Re)build every count from report_meetings.
TRUNCATE report_slot_counts;
INSERT INTO report_slot_counts
SELECT b.basis, report_slot(CASE b.basis WHEN 's' THEN r.start_at ELSE r.booked_at END),
       r.source, report_lead_half_hours(r.booked_at, r.start_at),
       count(*), count(*) FILTER (WHERE r.status = 'active' AND NOT r.no_show),
       count(*) FILTER (WHERE r.status = 'active' AND r.no_show),
       count(*) FILTER (WHERE r.status = 'canceled'),
       count(*) FILTER (WHERE r.status = 'canceled' AND r.canceled_by = 'host'),
       count(*) FILTER (WHERE r.status = 'canceled' AND r.canceled_by = 'invitee'),
       count(*) FILTER (WHERE r.status = 'rescheduled'),
       coalesce(sum(r.minutes) FILTER (WHERE r.status = 'active'), 0)
  FROM report_meetings r CROSS JOIN (VALUES ('s'::"char"), ('b'::"char")) AS b(basis)
 GROUP BY 1, 2, 3, 4;
