package com.calendlysync.calendly;

/** Whoever wants to know how many requests its work cost (an import job) puts itself in CalendlyApiCounter. */
public interface ApiRequestCounter {

    void countApiRequest();
}
