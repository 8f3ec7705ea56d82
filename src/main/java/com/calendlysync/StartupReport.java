package com.calendlysync;

import com.calendlysync.db.Database;
import com.calendlysync.webhook.SignatureVerifier;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says at start-up what an operator needs first: where we listen, which database, which signature mode. */
public final class StartupReport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync");

    private final Database database;
    private final SignatureVerifier verifier;
    private final String publicUrl;

    public StartupReport(Database database, SignatureVerifier verifier, String publicUrl) {
        this.database = database;
        this.verifier = verifier;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        LOG.info("calendly-sync is up at {}", publicUrl);
        LOG.info("  webhook:  POST {}/api/v1/calendly/webhook", publicUrl);
        LOG.info("  health:   {}/observe/health", publicUrl);
        LOG.info("  database: {}", database.describe());
        if (verifier.isAcceptingUnsigned()) {
            LOG.warn("  webhooks: {}", verifier.describeMode());
        } else {
            LOG.info("  webhooks: {}", verifier.describeMode());
        }
    }
}
