SELECT jsonb_build_object(
    'meetingId', c.meeting_id,
    'calendlyMeetingId', c.id,
    'source', m.source,
    'status', c.invitee_status,
    'invitee', jsonb_build_object(
        'uri', c.invitee_uri, 'uuid', c.calendly_invitee_uuid, 'name', c.invitee_name,
        'firstName', c.invitee_first_name, 'lastName', c.invitee_last_name, 'email', c.invitee_email,
        'phone', c.invitee_phone, 'timezone', c.invitee_timezone,
        'questionsAndAnswers', c.questions_and_answers),
    'event', jsonb_build_object(
        'uri', c.calendly_event_url, 'uuid', c.calendly_event_uuid, 'name', c.event_name,
        'eventType', c.event_type_uri, 'status', c.event_status, 'startTime', c.scheduled_at,
        'endTime', c.event_end_at, 'durationMinutes', c.event_duration,
        'locationType', c.location_type, 'location', c.location),
    'hosts', c.hosts,
    'organizerEmployeeId', m.employee_id,
    'customerId', m.customer_id,
    'customerMatch', c.customer_match,
    'cancellation', CASE WHEN c.canceled_at IS NULL AND c.canceler_type IS NULL THEN NULL ELSE jsonb_build_object(
        'canceledAt', c.canceled_at, 'reason', c.cancel_reason, 'canceledBy', c.canceled_by,
        'cancelerType', c.canceler_type) END,
    'reschedule', jsonb_build_object(
        'rescheduled', c.rescheduled,
        'oldInviteeUri', c.old_invitee_uri,
        'previousMeetingId', CASE WHEN prev_visible.yes THEN prev.meeting_id END,
        'previousHostedByColleague', prev.meeting_id IS NOT NULL AND NOT prev_visible.yes,
        'newInviteeUri', c.new_invitee_uri,
        'nextMeetingId', CASE WHEN next_visible.yes THEN nxt.meeting_id END,
        'nextHostedByColleague', nxt.meeting_id IS NOT NULL AND NOT next_visible.yes),
    'noShow', jsonb_build_object('marked', c.no_show, 'uri', c.no_show_uri, 'markedAt', c.no_show_marked_at),
    'tracking', jsonb_build_object(
        'utmCampaign', c.utm_campaign, 'utmSource', c.utm_source, 'utmMedium', c.utm_medium,
        'utmContent', c.utm_content, 'utmTerm', c.utm_term, 'salesforceUuid', c.salesforce_uuid),
    'links', jsonb_build_object('rescheduleUrl', c.reschedule_url, 'cancelUrl', c.cancel_url),
    'calendlyCreatedAt', c.calendly_created_at,
    'calendlyUpdatedAt', c.calendly_updated_at,
    'lastChange', c.last_change,
    'syncedAt', c.synced_at,
    'calendlyData', c.calendly_data,
    -- the key that sealed the personal values above (encryption at rest), null when in clear;
    -- MeetingDetail opens them
    'sealedBy', c.sealed_by
)::text AS details
FROM calendly_meetings c
JOIN meetings m ON m.id = c.meeting_id
LEFT JOIN calendly_meetings prev ON prev.invitee_uri = c.old_invitee_uri
LEFT JOIN calendly_meetings nxt ON nxt.invitee_uri = c.new_invitee_uri
-- an employee token sees the meeting ids of reschedule partners its employee hosts; of a
-- colleague's only that there is one (viewer: null for every other role)
CROSS JOIN (SELECT CAST(:#${exchangeProperty.AccessEmployeeId} AS bigint) AS employee_id) viewer
CROSS JOIN LATERAL (SELECT viewer.employee_id IS NULL OR EXISTS (SELECT 1 FROM meeting_hosts h
        WHERE h.meeting_id = prev.meeting_id AND h.employee_id = viewer.employee_id) AS yes) prev_visible
CROSS JOIN LATERAL (SELECT viewer.employee_id IS NULL OR EXISTS (SELECT 1 FROM meeting_hosts h
        WHERE h.meeting_id = nxt.meeting_id AND h.employee_id = viewer.employee_id) AS yes) next_visible
WHERE c.meeting_id = :#${header.meetingId}
