package com.calendlysync;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.calendlysync.support.AppProcess;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the app cannot do its job it stops at once and says what to fix, instead of half-running. */
class StartupRefusalProcessTest {

    private static final Path LOGS = Path.of("target", "startup-refusal");

    @Test
    void aTakenPortStopsTheStartWithAMessage() throws Exception {
        Files.createDirectories(LOGS);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = squatter.getLocalPort();
            Path log = LOGS.resolve("port.log");
            int exit = AppProcess.runExpectingExit(port, log, Map.of("CALENDLY_DATA_DIR", LOGS.resolve("data").toString()));
            assertNotEquals(0, exit);
            String output = Files.readString(log);
            assertTrue(output.contains("HTTP port " + port + " is already in use"), output);
            assertTrue(output.contains("HTTP_PORT"), output);
            assertEquals(1, exit);
            assertNoStackTrace(output);
        }
    }

    @Test
    void aMalformedSettingStopsTheStartNamingIt() throws Exception {
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("setting.log");
        int exit = AppProcess.runExpectingExit(AvailablePortFinder.getNextAvailable(), log, Map.of(
                "CALENDLY_DATA_DIR", LOGS.resolve("data").toString(), "DATABASE_POOL_SIZE", "lots"));
        String output = Files.readString(log);
        assertEquals(1, exit, output);
        assertTrue(output.contains("Setting database.pool-size must be a whole number, not 'lots'"), output);
        assertNoStackTrace(output);
    }

    @Test
    void aMalformedEncryptionKeyStopsTheStartNamingItsId() throws Exception {
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("encryption-key.log");
        int exit = AppProcess.runExpectingExit(AvailablePortFinder.getNextAvailable(), log, Map.of(
                "CALENDLY_DATA_DIR", LOGS.resolve("data").toString(),
                "CALENDLY_ENCRYPTION_KEYS", "k2026:c2hvcnQ=,k1:also-secret"));
        String output = Files.readString(log);
        assertEquals(1, exit, output);
        assertTrue(output.contains("CALENDLY_ENCRYPTION_KEYS: key id 'k2026' has 5 bytes"), output);
        assertTrue(output.contains("openssl rand -base64 32"), output);
        assertFalse(output.contains("also-secret"), "a key is never printed");
        assertNoStackTrace(output);
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithAMessage() throws Exception {
        Files.createDirectories(LOGS);
        int closedPort = AvailablePortFinder.getNextAvailable();
        Path log = LOGS.resolve("database.log");
        int exit = AppProcess.runExpectingExit(AvailablePortFinder.getNextAvailable(), log, Map.of(
                "DATABASE_URL", "jdbc:postgresql://localhost:" + closedPort + "/calendly",
                "DATABASE_USER", "calendly", "DATABASE_PASSWORD", "secret-password",
                "DATABASE_CONNECT_TIMEOUT_MS", "1000"));
        assertNotEquals(0, exit);
        String output = Files.readString(log);
        assertTrue(output.contains("Cannot use the database jdbc:postgresql://localhost:" + closedPort), output);
        assertTrue(output.contains("Check DATABASE_URL"), output);
        assertTrue(!output.contains("secret-password"), "the password is never printed");
        assertEquals(1, exit);
        assertNoStackTrace(output);
    }

    /** A refusal is one line saying what to fix; a stack trace would bury it. */
    private static void assertNoStackTrace(String output) {
        assertFalse(output.lines().anyMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")
                || line.startsWith("Exception in thread")), output);
    }
}
