package com.calendlysync.reports;

import java.time.Clock;

import javax.sql.DataSource;

import com.calendlysync.encryption.Encryption;
import com.calendlysync.settings.AppProperties;
import com.calendlysync.settings.StartRefusal;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** The beans of the reports: {@code reports} (the report API) and {@code widgets} (embeddable reports). */
public final class ReportBeans {

    private ReportBeans() {
    }

    public static void bind(CamelContext context, AppProperties props, String publicUrl) {
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        long capacity = props.number("calendly.weekly-capacity-hours");
        if (capacity < 1 || capacity > 168) {
            throw new StartRefusal("Setting calendly.weekly-capacity-hours (CALENDLY_WEEKLY_CAPACITY_HOURS) "
                    + "must be from 1 to 168 hours, not " + capacity);
        }
        // with encryption at rest the database cannot read who a sealed booking is by (conversion)
        Encryption encryption = registry.lookupByNameAndType("encryption", Encryption.class);
        boolean peopleSealed = encryption != null && encryption.enabled();
        MeetingReports reports = new MeetingReports(dataSource, Clock.systemUTC(), (int) capacity, peopleSealed);
        registry.bind("reports", reports);
        WidgetSigningKey key = new WidgetSigningKey(dataSource, props.text("calendly.widget-signing-key"));
        registry.bind("widgets", new Widgets(reports, key, Clock.systemUTC(), publicUrl,
                props.required("calendly.widget-frame-ancestors")));
    }
}
