-- Keeps calendly_lookups (V72) in step with every Calendly row's lookup_keys and its meeting's
-- start time, whoever writes them (the apply path, the re-encryption job, an erasure that empties
-- the keys): the meeting list's search on sealed rows reads only this table's order.
CREATE OR REPLACE FUNCTION calendly_lookups_follow_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM calendly_lookups l
         WHERE l.meeting_id IN (OLD.meeting_id, NEW.meeting_id)
           -- a row moved to another meeting (the foreign key carries its lookups along) takes that one's start
           AND (OLD.meeting_id <> NEW.meeting_id OR NOT (l.lookup = ANY (array_remove(NEW.lookup_keys, NULL))));
    END IF;
    INSERT INTO calendly_lookups (meeting_id, lookup, start_key)
    SELECT DISTINCT NEW.meeting_id, k.lookup, coalesce(m.start_time, '-infinity'::timestamptz)
      FROM meetings m
     CROSS JOIN unnest(NEW.lookup_keys) AS k(lookup)
     WHERE m.id = NEW.meeting_id AND k.lookup IS NOT NULL
    ON CONFLICT (meeting_id, lookup) DO NOTHING;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS calendly_lookups_on_insert ON calendly_meetings;
CREATE TRIGGER calendly_lookups_on_insert AFTER INSERT ON calendly_meetings
    FOR EACH ROW WHEN (cardinality(NEW.lookup_keys) > 0)
    EXECUTE FUNCTION calendly_lookups_follow_keys();

DROP TRIGGER IF EXISTS calendly_lookups_on_update ON calendly_meetings;
CREATE TRIGGER calendly_lookups_on_update AFTER UPDATE OF lookup_keys, meeting_id ON calendly_meetings
    FOR EACH ROW WHEN (OLD.lookup_keys IS DISTINCT FROM NEW.lookup_keys OR OLD.meeting_id <> NEW.meeting_id)
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
