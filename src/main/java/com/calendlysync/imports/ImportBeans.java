package com.calendlysync.imports;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.Objects;

import javax.sql.DataSource;

import com.calendlysync.AppProperties;
import com.calendlysync.IntegrationStatus;
import com.calendlysync.calendly.ApiStatus;
import com.calendlysync.calendly.CalendlyApi;
import com.calendlysync.calendly.RateLimitPacer;
import com.calendlysync.calendly.WebhookSetup;
import com.calendlysync.mapping.InviteeMapper;
import com.calendlysync.meetings.InviteeApplier;
import com.calendlysync.meetings.MeetingCancellation;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of the Calendly API flows (issue 3): API client, import/reconciliation jobs,
 * webhook setup, status additions, two-way cancel, and the clustered Quartz job store.
 * CalendlySyncConfiguration calls {@link #bind} once the database is open.
 */
public final class ImportBeans {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync");

    private ImportBeans() {
    }

    public static void bind(CamelContext context, AppProperties props, Registry registry, DataSource dataSource,
                            InviteeMapper mapper, IntegrationStatus integration) throws Exception {
        String token = props.text("calendly.api-token");
        CalendlyApi api = new CalendlyApi(
                props.required("calendly.api-base-url"), token, new RateLimitPacer(),
                (int) props.number("calendly.api-max-retries"),
                (int) props.number("calendly.api-max-rate-limit-waits"),
                Duration.ofMillis(props.number("calendly.api-backoff-ms")),
                Duration.ofSeconds(props.number("calendly.api-max-backoff-seconds")));
        registry.bind("calendlyApi", api);

        String node = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        SyncJobs jobs = new SyncJobs(dataSource, node, Duration.ofSeconds(props.number("calendly.import-stale-seconds")));
        registry.bind("syncJobs", jobs);
        ImportRequests requests = new ImportRequests(dataSource, api, jobs,
                Duration.ofDays(props.number("calendly.import-max-range-days")));
        registry.bind("importRequests", requests);

        boolean reconcile = props.flag("calendly.reconcile-enabled") && api.hasConfiguredToken();
        Reconciliation reconciliation = new Reconciliation(jobs, reconcile,
                props.required("calendly.reconcile-cron"),
                Duration.ofDays(props.number("calendly.reconcile-days-back")),
                Duration.ofDays(props.number("calendly.reconcile-days-ahead")));
        registry.bind("reconciliation", reconciliation);
        // routes/reconcile.camel.yaml starts only when there is something to reconcile with
        context.getPropertiesComponent().addOverrideProperty("calendly.reconcile-active", String.valueOf(reconcile));
        if (reconcile) {
            QuartzJobStore.configure(context, dataSource, props.number("calendly.quartz-checkin-ms"));
        }

        WebhookSetup setup = new WebhookSetup(api, dataSource, Objects.requireNonNullElse(props.text("calendly.webhook-secret"), ""));
        registry.bind("webhookSetup", setup);
        registry.bind("apiStatus", new ApiStatus(api, setup, requests, integration,
                Duration.ofSeconds(props.number("calendly.status-cache-seconds"))));
        registry.bind("meetingCancellation", new MeetingCancellation(api, mapper,
                registry.lookupByNameAndType("inviteeApplier", InviteeApplier.class), dataSource));

        boolean tokenConfigured = api.hasConfiguredToken();
        String explicitlyOff = props.flag("calendly.reconcile-enabled") ? null : "CALENDLY_RECONCILE_ENABLED=false";
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                LOG.info("  calendly: API at {}, token {}, node {}", api.baseUrl(),
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
