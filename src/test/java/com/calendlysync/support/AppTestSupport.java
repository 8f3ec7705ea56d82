package com.calendlysync.support;

import java.util.Properties;

import com.calendlysync.CalendlySyncApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the real app (application.properties, routes/*.camel.yaml, the HTTP server) once per test
 * class against the shared test PostgreSQL, which is wiped first. Subclasses add or change
 * settings in {@link #settings(Properties)}; it runs during construction, so it must only use
 * constants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AppTestSupport extends CamelMainTestSupport {

    public static final String SECRET = "test-signing-key-0001";
    /** The first admin token, given to the app as CALENDLY_ADMIN_TOKEN would be. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    private static final int PORT = AvailablePortFinder.getNextAvailable();
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected final WebhookClient calendly = new WebhookClient(baseUrl(), SECRET);
    protected final ApiClient api = new ApiClient(baseUrl());

    @Override
    protected Class<?> getMainClass() {
        return CalendlySyncApplication.class;
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        TestDatabase.wipe();
        Properties settings = new Properties();
        settings.put("camel.server.port", String.valueOf(PORT));
        settings.put("camel.management.port", String.valueOf(PORT));
        settings.put("database.url", TestDatabase.url());
        settings.put("database.user", "postgres");
        settings.put("database.password", "");
        settings.put("calendly.webhook-secret", SECRET);
        settings.put("calendly.allow-unsigned", "false");
        settings.put("calendly.admin.token", ADMIN_TOKEN);
        settings(settings);
        configuration.withUseOverridePropertiesWithPropertiesComponent(settings);
    }

    /** The app of this class goes away before the next class starts one on the same port. */
    @AfterAll
    void stopApp() {
        if (context != null) {
            context.stop();
        }
    }

    /** Override to change settings for one test class. */
    protected void settings(Properties settings) {
    }

    public static String baseUrl() {
        return "http://localhost:" + PORT;
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
