-- Every booking in a meeting's reschedule chain, oldest first: follow old_invitee_uri back and
-- new_invitee_uri forward from the meeting (step 0). The bound of 100 guards against a loop
-- in bad data; a real chain is a handful of bookings. visible: whether the viewer may see the
-- booking (parameter 3: the employee of an employee token, null for every other role).
WITH RECURSIVE back AS (
    SELECT c.id, c.old_invitee_uri, 0 AS step FROM calendly_meetings c WHERE c.meeting_id = ?
    UNION ALL
    SELECT p.id, p.old_invitee_uri, b.step - 1
      FROM calendly_meetings p JOIN back b ON p.invitee_uri = b.old_invitee_uri
     WHERE b.step > -100
), forward AS (
    SELECT c.id, c.new_invitee_uri, 0 AS step FROM calendly_meetings c WHERE c.meeting_id = ?
    UNION ALL
    SELECT n.id, n.new_invitee_uri, f.step + 1
      FROM calendly_meetings n JOIN forward f ON n.invitee_uri = f.new_invitee_uri
     WHERE f.step < 100
), chain AS (
    SELECT id, step FROM back UNION SELECT id, step FROM forward
)
SELECT s.step, c.meeting_id, c.invitee_uri, c.old_invitee_uri, c.new_invitee_uri, c.invitee_status, c.no_show,
       m.start_time, c.event_name, c.canceled_at, c.cancel_reason,
       v.employee_id IS NULL OR EXISTS (SELECT 1 FROM meeting_hosts h
                                         WHERE h.meeting_id = c.meeting_id AND h.employee_id = v.employee_id) AS visible
  FROM chain s
  JOIN calendly_meetings c ON c.id = s.id
  JOIN meetings m ON m.id = c.meeting_id
 CROSS JOIN (SELECT CAST(? AS bigint) AS employee_id) v
 ORDER BY s.step
