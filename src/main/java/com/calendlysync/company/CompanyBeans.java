package com.calendlysync.company;

import javax.sql.DataSource;

import com.calendlysync.audit.Actor;
import com.calendlysync.encryption.MatchingBasis;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.calendly.CalendlyClient;
import com.calendlysync.settings.AppProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of the company's records: customers, employees and projects (API, CSV import,
 * Calendly members), the matching settings and re-matching. (People's links on a meeting,
 * MeetingLinks, are a meeting bean, bound with the other meeting beans.)
 * Bound by CalendlySyncConfiguration once the database is open and the Calendly client exists.
 */
public final class CompanyBeans {

    private static final Logger LOG = LoggerFactory.getLogger("calendly-sync");

    private CompanyBeans() {
    }

    public static void bind(CamelContext context, AppProperties props) throws Exception {
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        CalendlyClient calendly = registry.lookupByNameAndType("calendlyClient", CalendlyClient.class);

        MatchingSettings settings = new MatchingSettings(props);
        boolean changed = settings.store(dataSource);
        Rematching rematching = new Rematching(dataSource, (int) props.number("calendly.rematch-batch-size"),
                new MatchingBasis(registry.lookupByNameAndType("sealedValues", SealedValues.class)));
        registry.bind("rematching", rematching);
        registry.bind("customerDirectory", new CustomerDirectory(dataSource, rematching));
        registry.bind("employeeDirectory", new EmployeeDirectory(dataSource, rematching));
        registry.bind("projectDirectory", new ProjectDirectory(dataSource, rematching));
        registry.bind("csvImport", new CsvImport(dataSource, rematching));
        registry.bind("employeeSync", new EmployeeSync(calendly, dataSource, rematching));
        LOG.info("  matching: {}", settings.describe());
        if (changed) {
            // new rules may link meetings the old ones left unlinked; the app serves meanwhile
            Thread relink = new Thread(() -> {
                try {
                    LOG.info("Matching settings changed: {} meetings linked again", rematching.unlinkedMeetings(Actor.system("matching settings changed")));
                } catch (Exception e) {
                    LOG.warn("Re-matching after a settings change failed: {}", e.getMessage());
                }
            }, "rematch-after-settings");
            relink.setDaemon(true);
            relink.start();
        }
    }
}
