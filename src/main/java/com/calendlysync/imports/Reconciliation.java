package com.calendlysync.imports;

import java.sql.SQLException;
import java.time.Duration;

import org.apache.camel.Exchange;

/** The reconciliation schedule's settings and its one step: open a run for this firing. */
public final class Reconciliation {

    private final SyncJobs jobs;
    private final boolean active;
    private final String cron;
    private final Duration back;
    private final Duration ahead;

    public Reconciliation(SyncJobs jobs, boolean active, String cron, Duration back, Duration ahead) {
        this.jobs = jobs;
        this.active = active;
        this.cron = cron;
        this.back = back;
        this.ahead = ahead;
    }

    public boolean isActive() {
        return active;
    }

    public void start(Exchange exchange) throws SQLException {
        jobs.startReconciliation(exchange, back, ahead);
    }

    public String describe() {
        return "cron '" + cron + "', events from " + back.toDays() + " days back to " + ahead.toDays() + " days ahead";
    }
}
