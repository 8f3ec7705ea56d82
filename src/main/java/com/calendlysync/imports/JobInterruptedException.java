package com.calendlysync.imports;

/** A job stops without failing: the app is stopping, or another node has taken the job over. */
public final class JobInterruptedException extends RuntimeException {

    public JobInterruptedException(String jobId, String why) {
        super("job " + jobId + " " + why, null, false, false);
    }
}
