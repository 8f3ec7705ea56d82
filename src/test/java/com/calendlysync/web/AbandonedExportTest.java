package com.calendlysync.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.calendlysync.access.AccessControl;
import com.calendlysync.access.Principal;
import com.calendlysync.access.Role;
import com.calendlysync.meetings.MeetingExport;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, defect 1: exports abandoned mid-stream must not hold their slot or their database
 * cursor, and /observe/health must notice a pool whose connections are stuck.
 */
class AbandonedExportTest extends AppTestSupport {

    private static final int MEETINGS = 8_000;
    private static final int POOL = 8;
    private static final String EXPORT = "/api/v1/meetings/export?format=csv";

    private boolean seeded;

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.export-max-concurrent", "2");
        settings.put("database.pool-size", String.valueOf(POOL));
        settings.put("database.stuck-after-seconds", "2");
    }

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        // about 8 MB of CSV: more than the socket buffers hold, so a client that stops reading stalls the export
        TestDatabase.execute("INSERT INTO meetings (title, source, start_time) SELECT 'Meeting ' || i || ' ' || repeat('x', 1000), "
                + "'manual', timestamptz '2026-01-01 09:00Z' + i * interval '1 hour' FROM generate_series(1, ?) AS i", MEETINGS);
        seeded = true;
    }

    @Test
    void abandonedDownloadsFreeTheirSlotsAndCursorsAtOnce() throws Exception {
        List<Socket> abandoned = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            abandoned.add(startDownloadAndReadAFewKilobytes());
        }
        // both exports hold their slot while their clients are connected
        assertEquals(429, api.get(EXPORT + "&from=2030-01-01", ADMIN_TOKEN).statusCode());

        for (Socket socket : abandoned) {
            socket.close();
        }

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(EXPORT + "&from=2030-01-01", ADMIN_TOKEN).statusCode() == 200);
        await().atMost(Duration.ofSeconds(3)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'") == 0);
        // nothing of the abandoned exchanges is left in flight in Camel either
        await().atMost(Duration.ofSeconds(3)).until(() -> context.getInflightRepository().size() == 0);

        HttpResponse<byte[]> whole = api.getBytes(EXPORT, ADMIN_TOKEN);
        assertEquals(200, whole.statusCode());
        long lines = new String(whole.body(), StandardCharsets.UTF_8).lines().count();
        assertEquals(MEETINGS + 1, lines);
    }

    @Test
    void aConnectionThatCannotBeHadGivesTheExportSlotBack() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.url());
        config.setUsername("postgres");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        try (HikariDataSource pool = new HikariDataSource(config); Connection held = pool.getConnection()) {
            MeetingExport export = new MeetingExport(pool, 1, new com.calendlysync.encryption.SealedValues(new com.calendlysync.encryption.Encryption(com.calendlysync.encryption.EncryptionKeys.NONE)));
            // one slot: had the first failure kept it, the second and third would be 429s, not connection errors
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThrows(SQLException.class, () -> export.export(exportRequest()));
            }
        }
    }

    @Test
    void healthIsDownWhileEveryConnectionIsTakenAndUpOnceTheyAreBack() throws Exception {
        DataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                taken.add(dataSource.getConnection());
            }
            HttpResponse<String> health = api.get("/observe/health", null);
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("every connection is in use"), health.body());
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/observe/health", null).statusCode() == 200);
    }

    @Test
    void healthIsDownWhileAConnectionSitsInAnOpenTransaction() throws Exception {
        DataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        try (Connection stuck = dataSource.getConnection(); Statement statement = stuck.createStatement()) {
            stuck.setAutoCommit(false);
            statement.execute("SELECT count(*) FROM meetings");

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get("/observe/health", null).statusCode() == 503);
            assertTrue(api.get("/observe/health", null).body().contains("open transaction"));
            stuck.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/observe/health", null).statusCode() == 200);
    }

    /** A client that asks for the whole export, reads its first kilobytes and stops reading. */
    private static Socket startDownloadAndReadAFewKilobytes() throws Exception {
        URI base = URI.create(baseUrl());
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + EXPORT + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_TOKEN + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        int read = 0;
        while (read < 16 * 1024) {
            int n = in.read(buffer);
            assertTrue(n > 0, "the export ended after " + read + " bytes");
            if (read == 0) {
                assertTrue(new String(buffer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"),
                        new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
            read += n;
        }
        return socket;
    }

    private Exchange exportRequest() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "format=csv");
        exchange.setProperty(AccessControl.PRINCIPAL, new Principal(1, Role.ADMIN, null));
        return exchange;
    }
}
