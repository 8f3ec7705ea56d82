package com.calendlysync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.calendlysync.db.Database;
import com.calendlysync.db.DatabaseHealthCheck;
import com.calendlysync.db.DatabaseSettings;
import com.calendlysync.web.ErrorReply;
import com.calendlysync.imports.ImportBeans;
import com.calendlysync.web.JsonErrorPages;
import com.calendlysync.mapping.InviteeMapper;
import com.calendlysync.meetings.CustomerMatchQuery;
import com.calendlysync.meetings.InviteeApplier;
import com.calendlysync.webhook.DeliveryReader;
import com.calendlysync.webhook.DeliveryTrace;
import com.calendlysync.webhook.SignatureVerifier;
import com.calendlysync.webhook.WebhookSignatureCheck;
import com.calendlysync.webhook.WebhookContentTypeCheck;
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
        int port = (int) props.number("camel.server.port", 8080);
        requirePortFree(props.text("camel.server.host", "0.0.0.0"), port);

        Database database = new Database(new DatabaseSettings(
                props.text("database.url", null),
                props.text("database.user", null),
                props.text("database.password", null),
                (int) props.number("database.pool-size", 24),
                Duration.ofMillis(props.number("database.connect-timeout-ms", 3000)),
                Path.of(props.text("calendly.data-dir", "./data"))));
        context.addService(database, true, true);
        registry.bind("database", database);
        DataSource dataSource = database.open();
        registry.bind("dataSource", dataSource);
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(database, dataSource));

        SignatureVerifier verifier = new SignatureVerifier(
                SignatureVerifier.parseSecrets(props.text("calendly.webhook-secret", "")),
                props.seconds("calendly.signature-tolerance-seconds", 180),
                props.flag("calendly.allow-unsigned", false),
                Clock.systemUTC());
        registry.bind("signatureVerifier", verifier);
        registry.bind("webhookSignatureCheck", new WebhookSignatureCheck(verifier));
        registry.bind("webhookContentTypeCheck", new WebhookContentTypeCheck());
        registry.bind("deliveryReader", new DeliveryReader());
        registry.bind("inviteeMapper", new InviteeMapper());
        registry.bind("inviteeApplier", new InviteeApplier(dataSource,
                new CustomerMatchQuery(props.text("calendly.customer-match-query", null))));
        registry.bind("errorReply", new ErrorReply((int) props.number("calendly.retry-after-seconds", 30)));
        registry.bind("deliveryTrace", new DeliveryTrace(props.flag("calendly.debug", false)));
        com.calendlysync.PeopleSideBeans.bind(context, props);

        long maxBody = props.number("calendly.max-body-bytes", 1_048_576);
        context.addStartupListener(new JsonErrorPages(port, maxBody));
        String publicUrl = props.text("calendly.public-url", "http://localhost:" + port);
        IntegrationStatus integrationStatus = new IntegrationStatus(verifier, publicUrl);
        registry.bind("integrationStatus", integrationStatus);
        ImportBeans.bind(context, props, registry, dataSource, (InviteeMapper) registry.lookupByName("inviteeMapper"), integrationStatus);
        com.calendlysync.privacy.PrivacyBeans.bind(context, props, database, dataSource);
        context.addStartupListener(new StartupReport(database, verifier, publicUrl));
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
            throw new IllegalStateException("HTTP port " + port + " is already in use (another calendly-sync?). "
                    + "Stop that process or set HTTP_PORT to a free port.");
        }
    }
}
