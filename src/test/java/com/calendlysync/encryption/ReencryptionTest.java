package com.calendlysync.encryption;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.calendlysync.privacy.PersonalDataHoldings;
import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Delivery;
import com.calendlysync.support.Samples;
import com.calendlysync.support.SecondInstance;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The re-encryption job on the real app and PostgreSQL: turning encryption on for a database
 * that holds clear rows seals them, a rotation moves every row to the new key with its progress
 * on the status page, and then the old key is no longer needed to start.
 */
class ReencryptionTest extends AppTestSupport {

    @Override
    protected void settings(java.util.Properties settings) {
        settings.put("calendly.audit-seal-seconds", "1");
    }

    private static Map<String, String> keys(String keys) {
        return Map.of("calendly.encryption-keys", keys, "calendly.admin.token", ADMIN_TOKEN,
                "calendly.reencryption-delay-ms", "200", "calendly.reencryption-batch-size", "2");
    }

    private static JsonNode encryptionStatus(ApiClient client) {
        HttpResponse<String> status = client.get("/api/v1/calendly/status", ADMIN_TOKEN);
        assertEquals(200, status.statusCode(), status.body());
        return ApiClient.json(status).get("encryption");
    }

    private static boolean finished(JsonNode encryption, String key) {
        JsonNode tables = encryption.get("reencryption");
        if (tables.size() < 2) {
            return false;
        }
        for (JsonNode table : tables) {
            if (!key.equals(table.get("targetKeyId").asText()) || table.get("finishedAt").isNull()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void turningEncryptionOnSealsWhatIsThereAndARotationMovesEveryRow() throws Exception {
        // a database with clear rows (this app runs without keys)
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = calendly.deliver(Delivery.of(Samples.CREATED).invitee(UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), "person" + i + "@clear.example").bytes());
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(false, encryptionStatus(api).get("enabled").asBoolean());
        assertTrue(!PersonalDataHoldings.whereIs("person3@clear.example").isEmpty());

        try (SecondInstance on = SecondInstance.start(keys(EncryptionAtRestTest.K1))) {
            ApiClient client = new ApiClient(on.baseUrl());
            await().atMost(Duration.ofSeconds(60)).until(() -> finished(encryptionStatus(client), "k1"));
            for (JsonNode table : encryptionStatus(client).get("reencryption")) {
                assertEquals(table.get("total").asLong(), table.get("done").asLong(), table.toString());
            }
            assertEquals(5, encryptionStatus(client).get("reencryption").get(0).get("done").asLong());
            for (String text : List.of("person3@clear.example", "Jordan Ellis", "Northwind Analytics")) {
                assertEquals(List.of(), PersonalDataHoldings.whereIs(text), "'" + text + "' is still in clear");
            }
            // still read and found
            JsonNode found = ApiClient.json(client.get("/api/v1/meetings?q=person3@clear.example", ADMIN_TOKEN)).get("items");
            assertEquals(1, found.size(), found.toString());
            assertEquals("Jordan Ellis", found.get(0).get("invitee").get("name").asText());
        }

        try (SecondInstance rotated = SecondInstance.start(keys(EncryptionAtRestTest.K2 + "," + EncryptionAtRestTest.K1))) {
            ApiClient client = new ApiClient(rotated.baseUrl());
            await().atMost(Duration.ofSeconds(60)).until(() -> finished(encryptionStatus(client), "k2"));
            assertEquals(0, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE sealed_by IS DISTINCT FROM 'k2'"));
            assertEquals(0, TestDatabase.count("SELECT count(*) FROM webhook_deliveries WHERE sealed_by IS DISTINCT FROM 'k2' "
                    + "AND octet_length(raw_body) > 0"));
            assertEquals(1, TestDatabase.count("SELECT count(*) FROM encryption_keys_used WHERE key_id = 'k1' AND retired_at IS NOT NULL"));
            JsonNode found = ApiClient.json(client.get("/api/v1/meetings?q=Jordan", ADMIN_TOKEN)).get("items");
            assertEquals(5, found.size(), found.toString());
        }
        // the trail lost the old copies of the personal values, and still verifies
        assertEquals(List.of(), PersonalDataHoldings.whereIs("person0@clear.example"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                ApiClient.json(api.get("/api/v1/audit/verify", ADMIN_TOKEN)).get("unsealed").asLong() == 0);
        JsonNode verify = ApiClient.json(api.get("/api/v1/audit/verify", ADMIN_TOKEN));
        assertTrue(verify.get("valid").asBoolean(), verify.toString());

        // the old key is no longer needed: the new one alone starts and reads everything
        try (SecondInstance alone = SecondInstance.start(keys(EncryptionAtRestTest.K2))) {
            JsonNode found = ApiClient.json(new ApiClient(alone.baseUrl()).get("/api/v1/meetings?q=person0@clear.example",
                    ADMIN_TOKEN)).get("items");
            assertEquals(1, found.size(), found.toString());
        }
    }
}
