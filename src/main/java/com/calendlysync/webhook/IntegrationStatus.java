package com.calendlysync.webhook;

import static com.calendlysync.web.JsonTimes.iso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.db.SqlFile;
import com.calendlysync.webhook.SignatureVerifier;

/**
 * The integration's state as people need to see it: how webhooks are protected, the URL to
 * give Calendly, the last delivery and what needs attention: the database's figures
 * (sql/integration-status.sql) and what only the running app knows.
 */
public final class IntegrationStatus {

    private static final String FIGURES = SqlFile.read("integration-status.sql");

    private final DataSource dataSource;
    private final SignatureVerifier verifier;
    private final String publicUrl;

    public IntegrationStatus(DataSource dataSource, SignatureVerifier verifier, String publicUrl) {
        this.dataSource = dataSource;
        this.verifier = verifier;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    public String webhookUrl() {
        return publicUrl + "/api/v1/calendly/webhook";
    }

    public Map<String, Object> describe() throws SQLException {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIGURES);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                figures.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
        }
        Map<String, Object> status = new LinkedHashMap<>();
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("url", webhookUrl());
        webhook.put("signatureChecking", verifier.isChecking());
        webhook.put("acceptsUnsigned", verifier.isAcceptingUnsigned());
        webhook.put("signatureMode", verifier.describeMode());
        status.put("webhook", webhook);

        Map<String, Object> lastDelivery = null;
        if (figures.get("lastDeliveryAt") != null) {
            lastDelivery = new LinkedHashMap<>();
            lastDelivery.put("receivedAt", iso(figures.get("lastDeliveryAt")));
            lastDelivery.put("event", figures.get("lastDeliveryEvent"));
            lastDelivery.put("outcome", figures.get("lastDeliveryOutcome"));
        }
        status.put("lastDelivery", lastDelivery);

        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("calendlyMeetings", figures.get("calendlyMeetings"));
        counts.put("deliveries", figures.get("deliveries"));
        counts.put("failedDeliveries", figures.get("failedDeliveries"));
        status.put("counts", counts);
        return status;
    }

}
