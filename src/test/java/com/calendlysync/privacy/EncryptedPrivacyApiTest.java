package com.calendlysync.privacy;

import java.util.Properties;

/**
 * Every rule of a person's rights again, with personal data encrypted at rest: the export reads
 * in clear, an erased person is nowhere (sealed or not) and stays erased after the same webhook,
 * a replay and an import, retention removes what its dry run said.
 */
class EncryptedPrivacyApiTest extends PrivacyApiTest {

    @Override
    protected void settings(Properties settings) {
        super.settings(settings);
        settings.put("calendly.encryption-keys", "k1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
    }
}
