package com.calendlysync;

import org.apache.camel.main.Main;

/**
 * Starts calendly-sync: Camel Main scans this package for configuration classes, reads
 * application.properties and loads the YAML routes from the routes folder.
 */
public final class CalendlySyncApplication {

    private CalendlySyncApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(CalendlySyncApplication.class);
        System.exit(main.run(args));
    }
}
