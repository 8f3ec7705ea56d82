-- Keeps calendly_lookups (V72) in step with every Calendly row's keys and its meeting's start
-- time, whoever writes them (the apply path, the re-encryption job, an erasure that empties the
-- lookups): the meeting list's search on sealed rows, and its event type and no-show filters,
-- walk this table's order (MeetingQuery).

-- The key of one of the list's filters on Calendly columns: 'type' (an event type's name, any
-- case), 'type-uri' (its URI) or 'no-show'. The meeting list writes the same expressions out
-- (MeetingQuery: through this function the planner misjudges how many entries a key has).
-- STABLE as convert_to is, so PostgreSQL inlines it.
CREATE OR REPLACE FUNCTION calendly_filter_key(p_kind text, p_value text) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(CASE p_kind WHEN 'type' THEN 'type:' || lower(p_value)
                                  WHEN 'type-uri' THEN 'type-uri:' || p_value
                                  WHEN 'no-show' THEN 'no-show' END, 'UTF8')
$$;

-- The keys of one Calendly row: its keyed lookups (encryption at rest: email, name words...) and
-- its filter keys (event type by name and by URI, the no-show mark).
CREATE OR REPLACE FUNCTION calendly_list_keys(p_row calendly_meetings) RETURNS bytea[]
LANGUAGE sql STABLE AS $$
    SELECT array_remove(p_row.lookup_keys
                        || calendly_filter_key('type', p_row.event_name)
                        || calendly_filter_key('type-uri', p_row.event_type_uri)
                        || CASE WHEN p_row.no_show THEN calendly_filter_key('no-show', NULL) END, NULL)
$$;

CREATE OR REPLACE FUNCTION calendly_lookups_follow_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_keys bytea[] := calendly_list_keys(NEW);
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM calendly_lookups l
         WHERE l.meeting_id IN (OLD.meeting_id, NEW.meeting_id)
           -- a row moved to another meeting (the foreign key carries its lookups along) takes that one's start
           AND (OLD.meeting_id <> NEW.meeting_id OR NOT (l.lookup = ANY (v_keys)));
    END IF;
    INSERT INTO calendly_lookups (meeting_id, lookup, start_key)
    SELECT DISTINCT NEW.meeting_id, k.lookup, coalesce(m.start_time, '-infinity'::timestamptz)
      FROM meetings m
     CROSS JOIN unnest(v_keys) AS k(lookup)
     WHERE m.id = NEW.meeting_id
    ON CONFLICT (meeting_id, lookup) DO NOTHING;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS calendly_lookups_on_insert ON calendly_meetings;
CREATE TRIGGER calendly_lookups_on_insert AFTER INSERT ON calendly_meetings
    FOR EACH ROW EXECUTE FUNCTION calendly_lookups_follow_keys();

DROP TRIGGER IF EXISTS calendly_lookups_on_update ON calendly_meetings;
CREATE TRIGGER calendly_lookups_on_update
    AFTER UPDATE OF lookup_keys, meeting_id, event_name, event_type_uri, no_show ON calendly_meetings
    FOR EACH ROW WHEN (OLD.lookup_keys IS DISTINCT FROM NEW.lookup_keys OR OLD.meeting_id <> NEW.meeting_id
                       OR OLD.event_name IS DISTINCT FROM NEW.event_name
                       OR OLD.event_type_uri IS DISTINCT FROM NEW.event_type_uri
                       OR OLD.no_show IS DISTINCT FROM NEW.no_show)
    EXECUTE FUNCTION calendly_lookups_follow_keys();

CREATE OR REPLACE FUNCTION calendly_lookups_follow_start() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE calendly_lookups SET start_key = coalesce(NEW.start_time, '-infinity'::timestamptz)
     WHERE meeting_id = NEW.id;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS calendly_lookups_on_start ON meetings;
CREATE TRIGGER calendly_lookups_on_start AFTER UPDATE OF start_time ON meetings
    FOR EACH ROW WHEN (OLD.start_time IS DISTINCT FROM NEW.start_time)
    EXECUTE FUNCTION calendly_lookups_follow_start();

-- Every row's keys as this file makes them (the first time: the event type and no-show keys of the
-- rows already there; again whenever this file changes).
INSERT INTO calendly_lookups (meeting_id, lookup, start_key)
SELECT DISTINCT c.meeting_id, k.lookup, coalesce(m.start_time, '-infinity'::timestamptz)
  FROM calendly_meetings c
  JOIN meetings m ON m.id = c.meeting_id
 CROSS JOIN LATERAL unnest(calendly_list_keys(c)) AS k(lookup)
ON CONFLICT (meeting_id, lookup) DO NOTHING;
