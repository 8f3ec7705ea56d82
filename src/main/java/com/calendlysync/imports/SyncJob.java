package com.calendlysync.imports;

import java.time.Instant;

import com.calendlysync.audit.Actor;
import com.calendlysync.calendly.ApiRequestCounter;

/**
 * A running import or reconciliation as the node working on it holds it: where it is in the
 * event listing and what it has done so far. ImportRunner moves it on (one thread per job);
 * SyncJobStore saves it to calendly_sync_jobs after every event.
 */
public final class SyncJob implements ApiRequestCounter {

    final String id;
    /** import or reconciliation */
    final String kind;
    final Instant windowStart;
    final Instant windowEnd;
    /** The import was started with its own token, which only this node's memory holds (RequestTokens). */
    final boolean tokenGivenWithRequest;
    String organization;
    /** The events page being worked through; null for the first page. */
    String pageUrl;
    /** How many events of that page are done. */
    int pageIndex;

    long eventsSeen;
    long inviteesImported;
    long created;
    long updated;
    long unchanged;
    long failed;
    long apiRequests;
    long pages;
    /** The start time of the last finished event: events come in start-time order, so this is how far the job got. */
    Instant reached;

    SyncJob(String id, String kind, Instant windowStart, Instant windowEnd, boolean tokenGivenWithRequest) {
        this.id = id;
        this.kind = kind;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.tokenGivenWithRequest = tokenGivenWithRequest;
    }

    /** What calendly_apply_invitee did with one invitee: created, updated or unchanged. */
    void tally(String change) {
        inviteesImported++;
        switch (change == null ? "" : change) {
            case "created" -> created++;
            case "updated" -> updated++;
            default -> unchanged++;
        }
    }

    boolean isResumed() {
        return pageUrl != null || pageIndex > 0 || eventsSeen > 0;
    }

    /** Who the audit trail says made the changes this job applies. */
    Actor actor() {
        return Actor.job(kind, id);
    }

    @Override
    public void countApiRequest() {
        apiRequests++;
    }
}
