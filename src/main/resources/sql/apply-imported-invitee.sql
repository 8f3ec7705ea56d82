-- An invitee listed by the Calendly API, mapped by InviteeMapper.fromApi: the same function a
-- webhook delivery goes through, so precedence (newer wins, status only moves forward) holds.
SELECT change FROM calendly_apply_invitee(CAST(:#record AS jsonb), CAST(:#${header.CalendlyCustomerId} AS bigint))
