package com.calendlysync.calendly;

import java.util.LinkedHashMap;
import java.util.Map;

import com.calendlysync.support.TestDatabase;

/**
 * What a user can see of every Calendly meeting, keyed by invitee URI: the calendly_meetings
 * row, its meeting and its hosts, without ids and our own bookkeeping columns (row ids,
 * timestamps of our writes, last_change = the source of the last write, no_show_observed_at =
 * when we learnt the no-show state).
 */
public final class Rows {

    private static final String SNAPSHOT = "SELECT c.invitee_uri, "
            + "(to_jsonb(c) - ARRAY['id','meeting_id','last_change','synced_at','created_at','updated_at','no_show_observed_at'])::text AS calendly, "
            + "(to_jsonb(m) - ARRAY['id','created_at','updated_at'])::text AS meeting, "
            + "(SELECT coalesce(jsonb_agg(to_jsonb(h) - 'meeting_id' ORDER BY h.position), '[]') FROM meeting_hosts h "
            + "  WHERE h.meeting_id = m.id)::text AS hosts "
            + "FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id ORDER BY c.invitee_uri";

    private Rows() {
    }

    public static Map<String, String> snapshot() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Map<String, Object> row : TestDatabase.query(SNAPSHOT)) {
            rows.put((String) row.get("invitee_uri"), row.get("calendly") + "\n" + row.get("meeting") + "\n" + row.get("hosts"));
        }
        return rows;
    }
}
