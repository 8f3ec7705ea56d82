package com.calendlysync.imports;

/**
 * A message on seda:calendly-sync-jobs: run this job if this node may take it. An import this
 * node has just accepted may be taken at once; any other queued or running job only once it
 * looks abandoned (no heartbeat for CALENDLY_IMPORT_STALE_SECONDS).
 */
public record QueuedJob(String id, boolean justRequested) {
}
