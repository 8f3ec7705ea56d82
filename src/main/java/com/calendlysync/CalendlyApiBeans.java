package com.calendlysync;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import com.calendlysync.settings.AppProperties;
import com.calendlysync.webhook.IntegrationStatus;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.calendly.ApiStatus;
import com.calendlysync.calendly.CalendlyClient;
import com.calendlysync.calendly.RateLimitPacer;
import com.calendlysync.calendly.WebhookSetup;
import com.calendlysync.imports.ImportRequests;
import com.calendlysync.imports.ImportRunner;
import com.calendlysync.imports.QuartzJobStore;
import com.calendlysync.imports.Reconciliation;
import com.calendlysync.imports.RequestTokens;
import com.calendlysync.imports.SyncJobStore;
import com.calendlysync.mapping.InviteeMapper;
import com.calendlysync.meetings.InviteeApplier;
import com.calendlysync.meetings.MeetingCancellation;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of the flows that talk to Calendly's REST API: the client, the import and
 * reconciliation jobs (store, runner, requests, schedule), webhook setup, the status additions,
 * two-way cancel, and the clustered Quartz job store. CalendlySyncConfiguration calls
 * {@link #bind} once the database is open.
 */
public final class CalendlyApiBeans {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync");

    private CalendlyApiBeans() {
    }

    public static void bind(CamelContext context, AppProperties props, Registry registry, DataSource dataSource,
                            InviteeMapper mapper, IntegrationStatus integration) throws Exception {
        CalendlyClient calendly = new CalendlyClient(new CalendlyClient.Settings(
                URI.create(props.required("calendly.api-base-url")),
                props.text("calendly.api-token"),
                Duration.ofMillis(props.number("calendly.api-timeout-ms")),
                (int) props.number("calendly.api-max-retries"),
                (int) props.number("calendly.api-max-rate-limit-waits"),
                Duration.ofMillis(props.number("calendly.api-backoff-ms")),
                Duration.ofSeconds(props.number("calendly.api-max-backoff-seconds"))),
                new RateLimitPacer(), () -> context.isStopping() || context.isStopped());
        // the one Calendly client, also for the organization's members (company/EmployeeSync)
        registry.bind("calendlyClient", calendly);

        String node = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        SyncJobStore jobs = new SyncJobStore(dataSource, node,
                Duration.ofSeconds(props.number("calendly.import-stale-seconds")));
        registry.bind("syncJobStore", jobs);
        RequestTokens tokens = new RequestTokens();
        registry.bind("importRunner", new ImportRunner(jobs, tokens, calendly, context));
        ImportRequests requests = new ImportRequests(jobs, tokens, calendly.hasConfiguredToken(),
                Duration.ofDays(props.number("calendly.import-max-range-days")));
        registry.bind("importRequests", requests);

        boolean reconcileEnabled = props.flag("calendly.reconcile-enabled");
        boolean reconcile = reconcileEnabled && calendly.hasConfiguredToken();
        Reconciliation reconciliation = new Reconciliation(jobs, props.required("calendly.reconcile-cron"),
                Duration.ofDays(props.number("calendly.reconcile-days-back")),
                Duration.ofDays(props.number("calendly.reconcile-days-ahead")));
        registry.bind("reconciliation", reconciliation);
        // routes/reconcile.camel.yaml starts only when there is something to reconcile with
        context.getPropertiesComponent().addOverrideProperty("calendly.reconcile-active", String.valueOf(reconcile));
        if (reconcile) {
            QuartzJobStore.configure(context, dataSource, props.number("calendly.quartz-checkin-ms"));
        }

        WebhookSetup setup = new WebhookSetup(calendly, dataSource, Objects.requireNonNullElse(props.text("calendly.webhook-secret"), ""));
        registry.bind("webhookSetup", setup);
        registry.bind("apiStatus", new ApiStatus(calendly, setup, requests::lastReconciliation, integration,
                Duration.ofSeconds(props.number("calendly.status-cache-seconds"))));
        registry.bind("meetingCancellation", new MeetingCancellation(calendly, mapper,
                registry.lookupByNameAndType("inviteeApplier", InviteeApplier.class), dataSource,
                registry.lookupByNameAndType("sealedValues", SealedValues.class)));

        boolean tokenConfigured = calendly.hasConfiguredToken();
        String explicitlyOff = reconcileEnabled ? null : "CALENDLY_RECONCILE_ENABLED=false";
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                LOG.info("  calendly: API at {}, token {}, node {}", calendly.baseUrl(),
                        tokenConfigured ? "configured" : "NOT configured", node);
                if (reconcile) {
                    LOG.info("  reconciliation: ON, {}", reconciliation.describe());
                } else if (explicitlyOff != null) {
                    LOG.warn("  reconciliation: OFF ({})", explicitlyOff);
                } else {
                    LOG.warn("  reconciliation: OFF because CALENDLY_API_TOKEN is not set; missed webhooks are not repaired");
                }
            }
        });
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
