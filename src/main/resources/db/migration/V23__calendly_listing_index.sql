-- With V22 for the host-scoped lists: a search, event type or no-show filter on the meetings one
-- person hosts reads these few columns from this index instead of each wide Calendly row.
CREATE INDEX calendly_meetings_listing ON calendly_meetings (meeting_id)
    INCLUDE (invitee_name, invitee_email, event_name, event_type_uri, no_show);
