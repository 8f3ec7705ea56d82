-- The Calendly rows still in clear while encryption at rest is on (the re-encryption job empties
-- it): the meeting list asks whether any is left before it searches their text (MeetingQuery).
CREATE INDEX IF NOT EXISTS calendly_meetings_in_clear ON calendly_meetings (id) WHERE sealed_by IS NULL;
