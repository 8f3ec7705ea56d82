package com.calendlysync.calendly;

/** Whoever wants to know how many requests its work cost (an import job) gives one to CalendlyClient.countingRequestsIn. */
@FunctionalInterface
public interface ApiRequestCounter {

    void countApiRequest();
}
