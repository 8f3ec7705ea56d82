package com.calendlysync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.calendlysync.access.CreateToken;
import com.calendlysync.db.Database;
import com.calendlysync.encryption.Encryption;
import com.calendlysync.webhook.SignatureVerifier;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up what an operator needs first: where we listen, which database, which
 * signature mode, and how to sign in (with no admin token yet: how to get the first one).
 */
public final class StartupReport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync");
    private static final String ACTIVE_ADMINS = "SELECT count(*) FROM api_tokens WHERE role = 'admin' "
            + "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())";

    private final Database database;
    private final DataSource dataSource;
    private final SignatureVerifier verifier;
    private final String publicUrl;
    private final Encryption encryption;

    public StartupReport(Database database, DataSource dataSource, SignatureVerifier verifier, String publicUrl,
                         Encryption encryption) {
        this.encryption = encryption;
        this.database = database;
        this.dataSource = dataSource;
        this.verifier = verifier;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws SQLException {
        LOG.info("calendly-sync is up at {}", publicUrl);
        LOG.info("  webhook:  POST {}/api/v1/calendly/webhook", publicUrl);
        LOG.info("  health:   {}/observe/health", publicUrl);
        LOG.info("  database: {}", database.describe());
        LOG.info("  encryption at rest: {}", encryption.describe());
        if (verifier.isAcceptingUnsigned()) {
            LOG.warn("  webhooks: {}", verifier.describeMode());
        } else {
            LOG.info("  webhooks: {}", verifier.describeMode());
        }
        long admins = activeAdminTokens();
        if (admins > 0) {
            LOG.info("  sign-in:  {}/ with an API token ({} admin token(s) active)", publicUrl, admins);
            return;
        }
        LOG.warn("  sign-in:  there is no admin API token yet, so nobody can sign in to {}/. Get the first one either way:", publicUrl);
        LOG.warn("    - set CALENDLY_ADMIN_TOKEN to a random value of at least 24 characters (openssl rand -base64 32), "
                + "restart, and sign in with that value;");
        if (database.isEmbedded()) {
            LOG.warn("    - or stop the app and run, in {}: {}", Path.of("").toAbsolutePath(), CreateToken.commandLine());
        } else {
            LOG.warn("    - or run, with the same DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD: {}", CreateToken.commandLine());
        }
        LOG.warn("      It prints a new admin token once; admins then give other people tokens on the dashboard's Setup page.");
    }

    private long activeAdminTokens() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(ACTIVE_ADMINS)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
