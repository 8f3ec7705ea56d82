package com.calendlysync;

import javax.sql.DataSource;

import com.calendlysync.AppProperties;
import com.calendlysync.access.AccessAudit;
import com.calendlysync.access.AccessControl;
import com.calendlysync.access.ApiTokens;
import com.calendlysync.access.TokenAdministration;
import com.calendlysync.web.DashboardAssets;
import com.calendlysync.web.ApiContract;
import com.calendlysync.web.ErrorReply;
import com.calendlysync.meetings.MeetingDetail;
import com.calendlysync.meetings.MeetingExport;
import com.calendlysync.meetings.MeetingSearch;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The beans of the people's side (issue 4): access control, the meeting API, exports and the
 * dashboard. Bound from CalendlySyncConfiguration once the dataSource exists.
 */
public final class PeopleSideBeans {

    private PeopleSideBeans() {
    }

    public static void bind(CamelContext context, AppProperties props) throws Exception {
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        ApiTokens tokens = new ApiTokens(dataSource);
        AccessAudit audit = new AccessAudit(dataSource);
        registry.bind("apiTokens", tokens);
        registry.bind("access", new AccessControl(tokens, audit, dataSource));
        registry.bind("tokenAdministration", new TokenAdministration(tokens, audit));
        registry.bind("meetingSearch", new MeetingSearch(dataSource));
        registry.bind("meetingDetail", new MeetingDetail(dataSource));
        registry.bind("meetingExport", new MeetingExport(dataSource, (int) props.number("calendly.export-max-concurrent", 2)));
        registry.bind("dashboardAssets", new DashboardAssets());
        ApiContract contract = new ApiContract();
        registry.bind("apiContract", contract);
        registry.bind("deliveryLog", new com.calendlysync.deliveries.DeliveryLog(dataSource, registry.lookupByNameAndType("errorReply", ErrorReply.class)));

        String adminToken = props.text("calendly.admin.token", null);
        if (adminToken != null) {
            if (adminToken.length() < 24) {
                // a short shared secret in an environment variable is the easiest way into everything
                throw new IllegalArgumentException("CALENDLY_ADMIN_TOKEN must be at least 24 characters; "
                        + "generate one with: openssl rand -base64 32");
            }
            tokens.adoptEnvironmentAdmin(adminToken);
        }
    }
}
