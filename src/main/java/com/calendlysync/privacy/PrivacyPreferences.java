package com.calendlysync.privacy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.json.Json;
import com.calendlysync.web.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/**
 * Bean {@code privacyPreferences}: PUT /api/v1/privacy/preferences {"email", "keepPersonalData"}.
 * false: the person's meetings are kept anonymised from now on, and those already held are
 * anonymised at once, as after an erasure (privacy_set_preference); true lifts an earlier wish
 * or consent answer, but never an erasure (409).
 */
public final class PrivacyPreferences {

    private final DataSource dataSource;
    private final SealedBodyRedaction sealedBodies;

    public PrivacyPreferences(DataSource dataSource, SealedBodyRedaction sealedBodies) {
        this.dataSource = dataSource;
        this.sealedBodies = sealedBodies;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> set(Exchange exchange) throws SQLException {
        JsonNode body = RequestFields.of(exchange, Set.of("email", "keepPersonalData"));
        String email = SubjectEmail.parse(RequestFields.text(body, "email", 400), "email");
        JsonNode keep = body.get("keepPersonalData");
        if (keep == null || !keep.isBoolean()) {
            throw ApiException.badRequest("field 'keepPersonalData' is required and must be true or false");
        }
        String answer = ActingTransaction.run(dataSource, Actor.of(exchange), c -> {
            if (!keep.asBoolean()) {
                sealedBodies.redact(c, email);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT privacy_set_preference(?, ?)::text")) {
                ps.setString(1, email);
                ps.setBoolean(2, keep.asBoolean());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        Map<String, Object> result;
        try {
            result = Json.MAPPER.readValue(answer, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database answered JSON that does not parse", e);
        }
        if (Boolean.TRUE.equals(result.remove("refused"))) {
            throw new ApiException(409, "erased", "this person was erased; an erased person's data is never kept again");
        }
        return result;
    }
}
