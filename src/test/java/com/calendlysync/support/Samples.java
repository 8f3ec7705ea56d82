package com.calendlysync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The shared Calendly samples (copied into test resources), compacted as Calendly sends them. */
public final class Samples {

    public static final ObjectMapper JSON = new ObjectMapper();

    public static final String CREATED = "webhook-invitee-created.json";
    public static final String CANCELED = "webhook-invitee-canceled.json";
    public static final String RESCHEDULE_OLD_CANCELED = "webhook-invitee-canceled-rescheduled.json";
    public static final String RESCHEDULE_NEW_CREATED = "webhook-invitee-created-rescheduled.json";
    public static final String NO_SHOW_CREATED = "webhook-invitee-no-show-created.json";

    public static final String INVITEE_A = "https://api.calendly.com/scheduled_events/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/invitees/a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d";
    public static final String INVITEE_B = "https://api.calendly.com/scheduled_events/9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4/invitees/b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";
    public static final String INVITEE_C = "https://api.calendly.com/scheduled_events/3f6a2b9c-8d1e-4a7f-b2c5-e0d9c8b7a6f5/invitees/c4d5e6f7-a8b9-4c0d-8e1f-2a3b4c5d6e7f";

    private Samples() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/calendly-samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] compact(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
