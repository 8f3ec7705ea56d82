-- The keyed lookups of sealed Calendly rows (encryption at rest, V70), one row per lookup and in
-- the meeting list's order (the same key as meetings_start_keyset): a text search on sealed
-- meetings walks one lookup's entries newest first and stops at the page, where the GIN index
-- of lookup_keys had to fetch every match to sort them (89k rows for a common name on a million
-- meetings). R__calendly_lookups.sql keeps it in step with lookup_keys and the start time.
CREATE TABLE calendly_lookups (
    meeting_id bigint      NOT NULL REFERENCES calendly_meetings (meeting_id) ON DELETE CASCADE ON UPDATE CASCADE,
    lookup     bytea       NOT NULL,
    start_key  timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, lookup)
);
CREATE INDEX calendly_lookups_ordered ON calendly_lookups (lookup, start_key, meeting_id);

INSERT INTO calendly_lookups (meeting_id, lookup, start_key)
SELECT DISTINCT c.meeting_id, k.lookup, coalesce(m.start_time, '-infinity'::timestamptz)
  FROM calendly_meetings c
  JOIN meetings m ON m.id = c.meeting_id
 CROSS JOIN LATERAL unnest(c.lookup_keys) AS k(lookup)
 WHERE k.lookup IS NOT NULL;
