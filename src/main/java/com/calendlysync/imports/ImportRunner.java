package com.calendlysync.imports;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.calendlysync.audit.Actor;
import com.calendlysync.calendly.CalendlyApiException;
import com.calendlysync.calendly.CalendlyCallAbandonedException;
import com.calendlysync.calendly.CalendlyClient;
import com.calendlysync.mapping.MalformedInviteeException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works an import or reconciliation run through, from its saved position to the end: the
 * organization (GET /users/me), its events page by page (active and canceled, by start time),
 * each event's invitees page by page. Every listed invitee goes to the route
 * {@value #IMPORT_INVITEE}, which maps and applies it like a webhook delivery and answers what
 * changed. The position is saved after every event, so a job cut short by a restart, a stop or
 * a dead node resumes where it stopped; an app that is stopping finishes the event in hand and
 * leaves the job running for the next start (or another node) to resume.
 */
public final class ImportRunner {

    /** The route each listed invitee is sent to (routes/calendly-import.yaml). */
    public static final String IMPORT_INVITEE = "direct:import-invitee";
    /** Exchange property: the scheduled event (JsonNode) the invitee was listed under. */
    public static final String SCHEDULED_EVENT = "scheduledEvent";
    /** Exchange property: when the invitee's page was fetched (Instant). */
    public static final String OBSERVED_AT = "observedAt";

    private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);

    private final SyncJobStore store;
    private final RequestTokens tokens;
    private final CalendlyClient calendly;
    private final CamelContext context;
    private volatile ProducerTemplate template;

    public ImportRunner(SyncJobStore store, RequestTokens tokens, CalendlyClient calendly, CamelContext context) {
        this.store = store;
        this.tokens = tokens;
        this.calendly = calendly;
        this.context = context;
    }

    /** Runs a queued job (or an orphan) if this node gets it; another node or a live run keeps it otherwise. */
    public void claimAndRun(QueuedJob queued) throws SQLException {
        Optional<SyncJob> claimed = store.claim(queued);
        if (claimed.isEmpty()) {
            LOG.debug("Job {} is not for this node to run", queued.id());
            return;
        }
        SyncJob job = claimed.get();
        String token = null;
        if (job.tokenGivenWithRequest) {
            token = tokens.token(job.id);
            if (token == null) {
                store.fail(job, "the import was interrupted (restart or node failure) and the calendlyApiToken "
                        + "given with it is never stored; start the import again with the token");
                return;
            }
        }
        LOG.info("{} {} {}: events starting {} to {}", job.isResumed() ? "Resuming" : "Starting", job.kind, job.id,
                job.windowStart, job.windowEnd);
        work(job, calendly.withToken(token));
    }

    /** Runs a job this node already holds (a reconciliation run), with the configured token. */
    public void run(SyncJob job) throws SQLException {
        work(job, calendly);
    }

    private void work(SyncJob job, CalendlyClient client) throws SQLException {
        CalendlyClient calls = client.countingRequestsIn(job);
        try {
            if (job.organization == null) {
                job.organization = organization(calls.get("/users/me"));
                store.savePosition(job);
            }
            for (CalendlyClient.Page page : calls.pages(job.pageUrl != null ? job.pageUrl : firstEventsPage(job))) {
                List<JsonNode> events = page.items();
                while (job.pageIndex < events.size()) {
                    JsonNode event = events.get(job.pageIndex);
                    importEvent(calls, job, event);
                    job.reached = startOf(event, job.reached);
                    job.pageIndex++;
                    job.eventsSeen++;
                    store.savePosition(job);
                    if (stopping()) {
                        throw new JobInterruptedException(job.id, "interrupted by shutdown");
                    }
                }
                job.pages++; // pages worked through: one listed again after a restart counts once
                if (page.nextPageUrl() != null) {
                    job.pageUrl = page.nextPageUrl();
                    job.pageIndex = 0;
                    store.savePosition(job);
                }
            }
            store.complete(job);
            tokens.forget(job.id);
            LOG.info("{} {} completed: {} events, {} invitees ({} created, {} updated, {} unchanged, {} failed), "
                            + "{} API requests", job.kind, job.id, job.eventsSeen, job.inviteesImported, job.created,
                    job.updated, job.unchanged, job.failed, job.apiRequests);
        } catch (RuntimeException | SQLException e) {
            if (interrupted(e) || stopping()) {
                store.release(job);
                LOG.info("{} {} stopped after {} events ({}); it resumes from there", job.kind, job.id,
                        job.eventsSeen, e.getMessage());
                return;
            }
            String message = rootMessage(e);
            LOG.warn("{} {} failed: {}", job.kind, job.id, message);
            store.fail(job, message);
            tokens.forget(job.id);
        }
    }

    private static String organization(JsonNode me) {
        String organization = me == null ? null : me.path("resource").path("current_organization").asText(null);
        if (organization == null) {
            throw new CalendlyApiException(0, "Calendly's /users/me named no current_organization for this token");
        }
        return organization;
    }

    private static String firstEventsPage(SyncJob job) {
        return "/scheduled_events?organization=" + encode(job.organization)
                + "&min_start_time=" + encode(DateTimeFormatter.ISO_INSTANT.format(job.windowStart))
                + "&max_start_time=" + encode(DateTimeFormatter.ISO_INSTANT.format(job.windowEnd))
                + "&sort=" + encode("start_time:asc") + "&count=100";
    }

    /** One listed event's invitees, page by page. An event with no invitee at all costs no request. */
    private void importEvent(CalendlyClient calls, SyncJob job, JsonNode event) {
        String uri = event.path("uri").asText("");
        String uuid = uri.substring(uri.lastIndexOf('/') + 1);
        JsonNode total = event.path("invitees_counter").path("total");
        if (uuid.isEmpty() || (total.isNumber() && total.asLong() == 0)) {
            return;
        }
        for (CalendlyClient.Page page : calls.pages("/scheduled_events/" + encode(uuid) + "/invitees?count=100")) {
            Instant observedAt = Instant.now();
            for (JsonNode invitee : page.items()) {
                importInvitee(job, event, invitee, observedAt);
            }
        }
    }

    private void importInvitee(SyncJob job, JsonNode event, JsonNode invitee, Instant observedAt) {
        Exchange done = template().send(IMPORT_INVITEE, exchange -> {
            exchange.getMessage().setBody(invitee);
            exchange.setProperty(SCHEDULED_EVENT, event);
            exchange.setProperty(OBSERVED_AT, observedAt);
            exchange.setProperty(Actor.PROPERTY, job.actor());
        });
        MalformedInviteeException malformed = done.getException(MalformedInviteeException.class);
        if (malformed != null) {
            // Calendly listed it but we cannot read it: counted and logged, the job goes on
            job.failed++;
            LOG.warn("{} {}: an invitee of event {} was not imported: {}", job.kind, job.id,
                    event.path("uri").asText("?"), malformed.getMessage());
            return;
        }
        if (done.getException() != null) {
            throw RuntimeCamelException.wrapRuntimeException(done.getException());
        }
        job.tally(done.getMessage().getBody(String.class));
    }

    private ProducerTemplate template() {
        ProducerTemplate producer = template;
        if (producer == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                producer = template;
            }
        }
        return producer;
    }

    private boolean stopping() {
        return context.isStopping() || context.isStopped();
    }

    private static boolean interrupted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JobInterruptedException || t instanceof CalendlyCallAbandonedException
                    || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** What to tell the operator: Calendly's or the database's own message where there is one. */
    private static String rootMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CalendlyApiException || t instanceof SQLException) {
                return t.getMessage();
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** When an event starts, or the position so far when Calendly did not say. */
    private static Instant startOf(JsonNode event, Instant sofar) {
        try {
            return OffsetDateTime.parse(event.path("start_time").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            return sofar;
        }
    }
}
