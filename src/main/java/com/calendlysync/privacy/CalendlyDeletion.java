package com.calendlysync.privacy;

import java.util.List;

import com.calendlysync.calendly.CalendlyAccessException;
import com.calendlysync.calendly.CalendlyApiException;
import com.calendlysync.calendly.CalendlyClient;
import com.calendlysync.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Asks Calendly to delete an invitee's data too (Data Compliance API, Enterprise plans, scope
 * data_compliance:write: POST /data_compliance/deletion/invitees, answered 202, done within 7
 * days). Without a token, turned off, or refused, the receipt says Calendly was not asked and why.
 */
public final class CalendlyDeletion {

    /** What happened when Calendly was (or was not) asked. */
    public record Answer(String status, String detail) {
    }

    private final CalendlyClient api;
    private final boolean enabled;

    public CalendlyDeletion(CalendlyClient api, boolean enabled) {
        this.api = api;
        this.enabled = enabled;
    }

    public Answer ask(String email) {
        if (!enabled) {
            return new Answer("not_asked", "Calendly was not asked: CALENDLY_PRIVACY_CALENDLY_DELETION is false");
        }
        if (!api.hasConfiguredToken()) {
            return new Answer("not_asked", "Calendly was not asked: no CALENDLY_API_TOKEN is configured");
        }
        try {
            JsonNode request = Json.MAPPER.createObjectNode().set("emails", Json.MAPPER.valueToTree(List.of(email)));
            JsonNode answer = api.once().post("/data_compliance/deletion/invitees", request);
            return new Answer("asked", "Calendly accepted the deletion request (it completes within 7 days)"
                    + (answer == null || answer.isEmpty() ? "" : ": " + answer));
        } catch (CalendlyAccessException e) {
            return new Answer("refused", "Calendly refused the deletion request (it needs an Enterprise plan and a token "
                    + "with the scope data_compliance:write): " + e.getMessage());
        } catch (CalendlyApiException e) {
            return new Answer("failed", "Calendly did not take the deletion request: " + e.getMessage());
        }
    }
}
