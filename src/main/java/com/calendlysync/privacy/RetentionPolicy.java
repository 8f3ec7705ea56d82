package com.calendlysync.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each kind of data is kept, in days; null is "off": kept. Raw delivery bodies,
 * personal data of meetings that ended (anonymised), access_audit rows. Exports are streamed
 * and never stored, so there are no export files to remove.
 */
public record RetentionPolicy(Integer rawBodyDays, Integer personalDataDays, Integer accessAuditDays, String cron,
                              int batchSize) {

    public static final String RAW_BODIES = "raw_bodies";
    public static final String PERSONAL_DATA = "personal_data";
    public static final String ACCESS_AUDIT = "access_audit";

    /** A setting's days: empty, "off" or 0 mean kept. */
    public static Integer days(String setting, String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("off") || value.trim().equals("0")) {
            return null;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days < 0) {
                throw new NumberFormatException();
            }
            return days;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + setting + " must be a number of days, or off, not '" + value + "'");
        }
    }

    /** Each kind's cutoff at this moment (null: off). */
    public Map<String, Instant> cutoffs(Instant now) {
        Map<String, Instant> cutoffs = new LinkedHashMap<>();
        cutoffs.put(RAW_BODIES, before(now, rawBodyDays));
        cutoffs.put(PERSONAL_DATA, before(now, personalDataDays));
        cutoffs.put(ACCESS_AUDIT, before(now, accessAuditDays));
        return cutoffs;
    }

    public Map<String, Object> describe() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("rawBodyDays", rawBodyDays);
        policy.put("personalDataDays", personalDataDays);
        policy.put("accessAuditDays", accessAuditDays);
        policy.put("exportFiles", "none kept: exports are streamed");
        policy.put("schedule", cron);
        return policy;
    }

    private static Instant before(Instant now, Integer days) {
        return days == null ? null : now.minus(Duration.ofDays(days));
    }
}
