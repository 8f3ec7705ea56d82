package com.calendlysync.imports;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.calendlysync.audit.Actor;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reconciliation schedule's settings and its one step: open a run for this firing. */
public final class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final SyncJobStore jobs;
    private final String cron;
    private final Duration back;
    private final Duration ahead;

    public Reconciliation(SyncJobStore jobs, String cron, Duration back, Duration ahead) {
        this.jobs = jobs;
        this.cron = cron;
        this.back = back;
        this.ahead = ahead;
    }

    /**
     * A run over the window around now, recorded for the Quartz firing it belongs to (now when
     * started by hand); the run is the actor of what the exchange changes from here on.
     */
    public SyncJob start(Exchange exchange, Date scheduledFireTime) throws SQLException {
        SyncJob run = jobs.startReconciliation(scheduledFireTime == null ? Instant.now()
                : scheduledFireTime.toInstant(), back, ahead);
        exchange.setProperty(Actor.PROPERTY, run.actor());
        LOG.info("Reconciliation {} started: events starting {} to {}", run.id, run.windowStart, run.windowEnd);
        return run;
    }

    public String describe() {
        return "cron '" + cron + "', events from " + back.toDays() + " days back to " + ahead.toDays() + " days ahead";
    }
}
