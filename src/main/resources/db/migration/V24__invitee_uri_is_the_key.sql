-- The invitee's full URI is its key (V2): two URIs may end in the same id (a legacy id reused
-- under another event, or a hand-made test), so the id alone must not be unique.
ALTER TABLE calendly_meetings DROP CONSTRAINT IF EXISTS calendly_meetings_calendly_invitee_uuid_key;
