package com.calendlysync.imports;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.calendlysync.audit.Actor;
import com.calendlysync.calendly.ApiRequestCounter;

/**
 * A running import or reconciliation as the node working on it holds it: where it is in the
 * event listing and what it has done so far. Saved to calendly_sync_jobs after every event.
 */
public final class SyncJob implements ApiRequestCounter {

    final String id;
    final String kind;
    final Instant windowStart;
    final Instant windowEnd;
    volatile String organization;
    /** The events page being worked through; null for the first page. */
    volatile String pageUrl;
    /** How many events of that page are done. */
    volatile int pageIndex;
    /** The page after the current one, as Calendly gave it; null when the current is the last. */
    volatile String nextPageUrl;
    volatile boolean lastPageSeen;

    final AtomicLong eventsSeen = new AtomicLong();
    final AtomicLong inviteesImported = new AtomicLong();
    final AtomicLong created = new AtomicLong();
    final AtomicLong updated = new AtomicLong();
    final AtomicLong unchanged = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong apiRequests = new AtomicLong();
    final AtomicLong pages = new AtomicLong();

    SyncJob(String id, String kind, Instant windowStart, Instant windowEnd) {
        this.id = id;
        this.kind = kind;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    public String getId() {
        return id;
    }

    public String getKind() {
        return kind;
    }

    /** Who the audit trail says made the changes this job applies. */
    public Actor getActor() {
        return Actor.job(kind, id);
    }

    /** The loop condition of route calendly-sync-job. */
    public boolean hasMorePages() {
        return !lastPageSeen;
    }

    public boolean needsOrganization() {
        return organization == null;
    }

    @Override
    public void countApiRequest() {
        apiRequests.incrementAndGet();
    }
}
