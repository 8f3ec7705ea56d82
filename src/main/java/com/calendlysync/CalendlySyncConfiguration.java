package com.calendlysync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

import com.calendlysync.settings.AppProperties;
import com.calendlysync.settings.StartRefusal;
import com.calendlysync.webhook.IntegrationStatus;
import com.calendlysync.access.AccessAudit;
import com.calendlysync.access.AccessControl;
import com.calendlysync.access.ApiTokens;
import com.calendlysync.access.TokenAdministration;
import com.calendlysync.company.CompanyBeans;
import com.calendlysync.privacy.PrivacyBeans;
import com.calendlysync.reports.ReportBeans;
import com.calendlysync.db.Database;
import com.calendlysync.encryption.DeliveryBodies;
import com.calendlysync.encryption.Encryption;
import com.calendlysync.encryption.EncryptionKeys;
import com.calendlysync.encryption.InviteeSealer;
import com.calendlysync.encryption.Reencryption;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.db.DatabaseHealthCheck;
import com.calendlysync.db.DatabaseSettings;
import com.calendlysync.deliveries.DeliveryLog;
import com.calendlysync.web.ClientStallTimeout;
import com.calendlysync.web.HttpServerLimits;
import com.calendlysync.web.ResponsePolicy;
import com.calendlysync.mapping.InviteeMapper;
import com.calendlysync.meetings.CustomerMatchQuery;
import com.calendlysync.meetings.InviteeApplier;
import com.calendlysync.meetings.MeetingDeliveries;
import com.calendlysync.meetings.MeetingDetail;
import com.calendlysync.meetings.MeetingExport;
import com.calendlysync.meetings.MeetingLinks;
import com.calendlysync.meetings.MeetingSearch;
import com.calendlysync.web.ApiContract;
import com.calendlysync.web.DashboardAssets;
import com.calendlysync.web.ErrorReply;
import com.calendlysync.web.JsonErrorPages;
import com.calendlysync.webhook.DeliveryReader;
import com.calendlysync.webhook.DeliveryTrace;
import com.calendlysync.webhook.SignatureVerifier;
import com.calendlysync.webhook.WebhookContentTypeCheck;
import com.calendlysync.webhook.WebhookSignatureCheck;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.springframework.core.SpringProperties;

/**
 * Builds the beans the YAML routes call, from application.properties. The database is opened
 * and migrated here, before any route starts.
 */
public class CalendlySyncConfiguration implements CamelConfiguration {

    static {
        // camel-sql binds a null parameter by asking the server for its type, one extra round
        // trip per null; the SQL casts every nullable parameter itself
        SpringProperties.setFlag("spring.jdbc.getParameterType.ignore");
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        AppProperties props = new AppProperties(context);
        Registry registry = context.getRegistry();
        int port = (int) props.number("camel.server.port");
        requirePortFree(Objects.requireNonNullElse(props.text("camel.server.host"), "0.0.0.0"), port);

        Database database = new Database(new DatabaseSettings(
                props.text("database.url"),
                props.text("database.user"),
                props.text("database.password"),
                (int) props.number("database.pool-size"),
                Duration.ofMillis(props.number("database.connect-timeout-ms")),
                Path.of(props.required("calendly.data-dir"))));
        context.addService(database, true, true);
        registry.bind("database", database);
        // personal data at rest: the keys are checked before the database is touched, and against it before the pool opens
        Encryption encryption = new Encryption(EncryptionKeys.parse(props.text("calendly.encryption-keys")));
        registry.bind("encryption", encryption);
        registry.bind("sealedValues", new SealedValues(encryption));
        registry.bind("deliveryBodies", new DeliveryBodies(encryption));
        DataSource dataSource;
        try {
            dataSource = database.open(encryption::prepare);
        } catch (IllegalStateException e) {
            // the message names the database and what to check; the start stops on it
            throw new StartRefusal(e.getMessage());
        }
        registry.bind("dataSource", dataSource);
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(database, dataSource,
                props.seconds("database.stuck-after-seconds")));

        SignatureVerifier verifier = new SignatureVerifier(
                SignatureVerifier.parseSecrets(Objects.requireNonNullElse(props.text("calendly.webhook-secret"), "")),
                props.seconds("calendly.signature-tolerance-seconds"),
                props.flag("calendly.allow-unsigned"),
                Clock.systemUTC());
        registry.bind("signatureVerifier", verifier);
        registry.bind("webhookSignatureCheck", new WebhookSignatureCheck(verifier));
        registry.bind("webhookContentTypeCheck", new WebhookContentTypeCheck());
        registry.bind("deliveryReader", new DeliveryReader());
        registry.bind("inviteeMapper", new InviteeMapper());
        registry.bind("reencryption", new Reencryption(dataSource, encryption,
                registry.lookupByNameAndType("deliveryBodies", DeliveryBodies.class),
                registry.lookupByNameAndType("sealedValues", SealedValues.class), (int) props.number("calendly.reencryption-batch-size")));
        registry.bind("inviteeApplier", new InviteeApplier(dataSource,
                new CustomerMatchQuery(props.text("calendly.customer-match-query")), new InviteeSealer(encryption),
                registry.lookupByNameAndType("deliveryBodies", DeliveryBodies.class)));
        ErrorReply errorReply = new ErrorReply((int) props.number("calendly.retry-after-seconds"));
        registry.bind("errorReply", errorReply);
        registry.bind("deliveryTrace", new DeliveryTrace(props.flag("calendly.debug")));
        bindPeopleApi(props, registry, dataSource, errorReply);

        // the HTTP server's own limits and the rules every answer follows; the server takes bodies up to the
        // larger limit for file uploads, ApiRoutes holds JSON bodies to max-body-bytes
        HttpServerLimits.install(context);
        long maxUpload = props.number("calendly.max-upload-bytes");
        context.addStartupListener(new JsonErrorPages(port, maxUpload));
        context.addStartupListener(new ResponsePolicy(port));
        context.addStartupListener(new ClientStallTimeout(port, props.seconds("calendly.http-idle-timeout-seconds")));
        String publicUrl = Objects.requireNonNullElse(props.text("calendly.public-url"), "http://localhost:" + port);
        IntegrationStatus integrationStatus = new IntegrationStatus(dataSource, verifier, publicUrl);
        registry.bind("integrationStatus", integrationStatus);
        CalendlyApiBeans.bind(context, props, registry, dataSource, (InviteeMapper) registry.lookupByName("inviteeMapper"), integrationStatus);
        CompanyBeans.bind(context, props);
        ReportBeans.bind(context, props, publicUrl);
        PrivacyBeans.bind(context, props, database, dataSource);
        context.addStartupListener(new StartupReport(database, dataSource, verifier, publicUrl, encryption));
    }

    /** Access control, the meetings and deliveries API, exports, the API contract and the dashboard. */
    private static void bindPeopleApi(AppProperties props, Registry registry, DataSource dataSource, ErrorReply errorReply)
            throws IOException, SQLException {
        ApiTokens tokens = new ApiTokens(dataSource);
        AccessAudit audit = new AccessAudit(dataSource);
        registry.bind("apiTokens", tokens);
        registry.bind("access", new AccessControl(tokens, audit, dataSource));
        registry.bind("tokenAdministration", new TokenAdministration(tokens, audit));
        SealedValues sealedValues = registry.lookupByNameAndType("sealedValues", SealedValues.class);
        registry.bind("meetingSearch", new MeetingSearch(dataSource, sealedValues));
        registry.bind("meetingDetail", new MeetingDetail(dataSource, sealedValues));
        registry.bind("meetingExport", new MeetingExport(dataSource, (int) props.number("calendly.export-max-concurrent"), sealedValues));
        registry.bind("meetingLinks", new MeetingLinks(dataSource));
        registry.bind("meetingDeliveries", new MeetingDeliveries(dataSource));
        registry.bind("dashboardAssets", new DashboardAssets());
        ApiContract contract = new ApiContract();
        registry.bind("apiContract", contract);
        registry.bind("deliveryLog", new DeliveryLog(dataSource, errorReply,
                registry.lookupByNameAndType("deliveryBodies", DeliveryBodies.class)));

        String adminToken = props.text("calendly.admin.token");
        if (adminToken != null) {
            if (adminToken.length() < 24) {
                // a short shared secret in an environment variable is the easiest way into everything
                throw new StartRefusal("CALENDLY_ADMIN_TOKEN must be at least 24 characters; "
                        + "generate one with: openssl rand -base64 32");
            }
            tokens.adoptEnvironmentAdmin(adminToken);
        }
    }

    /**
     * Vert.x only logs a warning when the port is taken, and the app would then run serving
     * nothing: refuse to start instead, before the database is touched.
     */
    private static void requirePortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartRefusal("HTTP port " + port + " is already in use (another calendly-sync?). "
                    + "Stop that process or set HTTP_PORT to a free port.");
        }
    }
}
