package com.calendlysync.imports;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens given with an import request (calendlyApiToken): held in this node's memory only, for
 * that job only, until it ends. Never stored or logged, so a job whose node restarted cannot
 * resume with it.
 */
public final class RequestTokens {

    private final Map<String, String> byJob = new ConcurrentHashMap<>();

    void remember(String jobId, String token) {
        byJob.put(jobId, token);
    }

    /** The job's token, or null when this node does not hold it (any more). */
    String token(String jobId) {
        return byJob.get(jobId);
    }

    void forget(String jobId) {
        byJob.remove(jobId);
    }
}
