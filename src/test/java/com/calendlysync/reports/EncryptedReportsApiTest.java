package com.calendlysync.reports;

import java.util.Properties;

/**
 * Every number of every report again, with personal data encrypted at rest: who an invitee is
 * (conversion) comes from the keyed lookup of their email, and nothing else a report reads is
 * sealed.
 */
class EncryptedReportsApiTest extends ReportsApiTest {

    @Override
    protected void settings(Properties settings) {
        super.settings(settings);
        settings.put("calendly.encryption-keys", "k1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
    }
}
