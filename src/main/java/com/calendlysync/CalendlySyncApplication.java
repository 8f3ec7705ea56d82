package com.calendlysync;

import com.calendlysync.settings.StartRefusal;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts calendly-sync: Camel Main scans this package for configuration classes, reads
 * application.properties and loads the YAML routes from the routes folder.
 */
public final class CalendlySyncApplication {

    private CalendlySyncApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(CalendlySyncApplication.class);
        int exit;
        try {
            exit = main.run(args);
        } catch (Exception e) {
            StartRefusal refusal = StartRefusal.in(e);
            if (refusal == null) {
                throw e;
            }
            // an operator's mistake, not a bug: one line saying what to fix, no stack trace
            LoggerFactory.getLogger("calendly-sync").error(refusal.getMessage());
            exit = 1;
        }
        System.exit(exit);
    }
}
