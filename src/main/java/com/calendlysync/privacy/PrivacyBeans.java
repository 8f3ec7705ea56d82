package com.calendlysync.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.settings.AppProperties;
import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.audit.ActorSteps;
import com.calendlysync.audit.AuditTrail;
import com.calendlysync.calendly.CalendlyClient;
import com.calendlysync.encryption.DeliveryBodies;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.db.Database;
import com.calendlysync.imports.QuartzJobStore;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of the audit trail and of people's privacy: the actor step, the trail, subject
 * export, erasure, preferences and retention. At start it adopts the privacy key and writes the
 * settings the database rules read (privacy_settings: the consent question and its "no", the
 * personal-data retention that also applies to data arriving late).
 */
public final class PrivacyBeans {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync");

    private PrivacyBeans() {
    }

    public static void bind(CamelContext context, AppProperties props, Database database, DataSource dataSource)
            throws Exception {
        Registry registry = context.getRegistry();
        String keySource;
        try (Connection owner = database.ownerConnection()) {
            keySource = PrivacyKey.ensure(owner, props.text("calendly.privacy.key"));
        }
        RetentionPolicy policy = new RetentionPolicy(
                RetentionPolicy.days("CALENDLY_RETENTION_RAW_BODY_DAYS", props.text("calendly.retention-raw-body-days")),
                RetentionPolicy.days("CALENDLY_RETENTION_PERSONAL_DATA_DAYS", props.text("calendly.retention-personal-data-days")),
                RetentionPolicy.days("CALENDLY_RETENTION_ACCESS_AUDIT_DAYS", props.text("calendly.retention-access-audit-days")),
                props.required("calendly.retention-cron"),
                (int) props.number("calendly.retention-batch-size"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("consent_question", props.text("calendly.consent-question"));
        settings.put("consent_no_answer", props.required("calendly.consent-no-answer"));
        settings.put("personal_data_days", policy.personalDataDays() == null ? null : String.valueOf(policy.personalDataDays()));
        writeSettings(dataSource, settings);

        registry.bind("actors", new ActorSteps());
        registry.bind("auditTrail", new AuditTrail(dataSource));
        registry.bind("subjectExport", new SubjectExport(dataSource, registry.lookupByNameAndType("sealedValues", SealedValues.class)));
        SealedBodyRedaction sealedBodies = new SealedBodyRedaction(registry.lookupByNameAndType("deliveryBodies", DeliveryBodies.class));
        CalendlyClient api = registry.lookupByNameAndType("calendlyClient", CalendlyClient.class);
        registry.bind("erasures", new Erasures(dataSource,
                new CalendlyDeletion(api, props.flag("calendly.privacy-calendly-deletion")), sealedBodies));
        registry.bind("privacyPreferences", new PrivacyPreferences(dataSource, sealedBodies));
        registry.bind("retention", new Retention(dataSource, policy));
        // the retention and head-of-chain jobs run once per cluster, whether or not reconciliation is on
        QuartzJobStore.configure(context, dataSource, props.number("calendly.quartz-checkin-ms"));

        String consent = settings.get("consent_question");
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                LOG.info("  privacy: key {}, retention {}, consent question {}", keySource, policy.describe(),
                        consent == null ? "not configured" : "'" + consent + "'");
            }
        });
    }

    private static void writeSettings(DataSource dataSource, Map<String, String> settings) throws Exception {
        ActingTransaction.run(dataSource, Actor.system("start-up settings"), c -> {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                String sql = setting.getValue() == null ? "DELETE FROM privacy_settings WHERE name = ?"
                        : "INSERT INTO privacy_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
                        + "SET value = excluded.value WHERE privacy_settings.value IS DISTINCT FROM excluded.value";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, setting.getKey());
                    if (setting.getValue() != null) {
                        ps.setString(2, setting.getValue());
                    }
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }
}
