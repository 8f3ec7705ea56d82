package com.calendlysync.privacy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.encryption.DeliveryBodies;
import com.calendlysync.encryption.FieldCipher;
import com.calendlysync.encryption.PersonalFields;
import com.calendlysync.encryption.SealedValues;
import com.calendlysync.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.web.QueryString;
import org.apache.camel.Exchange;

/**
 * Bean {@code subjectExport}: GET /api/v1/privacy/export?email= answers everything held about
 * a person as one JSON document (privacy_subject_export): their meetings with the Calendly
 * records and answers, the deliveries that carried them (decoded), their customer record and
 * the audit entries about them. The export itself is an audit entry.
 */
public final class SubjectExport {

    private final DataSource dataSource;
    private final SealedValues sealed;

    public SubjectExport(DataSource dataSource, SealedValues sealed) {
        this.dataSource = dataSource;
        this.sealed = sealed;
    }

    public String export(Exchange exchange) throws SQLException {
        String email = SubjectEmail.parse(QueryString.of(exchange, Set.of("email")).get("email"), "email");
        return ActingTransaction.run(dataSource, Actor.of(exchange), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT privacy_subject_export(?)::text")) {
                ps.setString(1, email);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return opened(rs.getString(1));
                }
            }
        });
    }

    /** The document with every sealed value opened (encryption at rest): the person gets their data, never ciphertext. */
    private String opened(String document) {
        if (!sealed.sealing()) {
            return document;
        }
        try {
            ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(document);
            Map<String, String> rowOfCalendly = new HashMap<>();
            Map<String, String> rowOfMeeting = new HashMap<>();
            for (JsonNode item : doc.path("meetings")) {
                ObjectNode calendly = (ObjectNode) item.get("calendly");
                String uri = calendly.path("invitee_uri").asText();
                String by = calendly.path("sealed_by").asText(null);
                rowOfCalendly.put(calendly.path("id").asText(), uri);
                rowOfMeeting.put(item.path("meeting").path("id").asText(), uri);
                List<String> columns = new ArrayList<>(PersonalFields.CALENDLY_TEXT);
                columns.addAll(PersonalFields.CALENDLY_JSON);
                sealed.openFields(calendly, by, PersonalFields.CALENDLY, uri, columns, c -> c);
                sealed.openFields((ObjectNode) item.get("meeting"), by, PersonalFields.MEETINGS, uri, PersonalFields.MEETING_TEXT, c -> c);
            }
            for (JsonNode delivery : doc.path("deliveries")) {
                if (delivery.hasNonNull("sealedBy")) {
                    byte[] body = DeliveryBodies.openWith(sealed, delivery.path("body").asText(), delivery.path("sealedBy").asText(),
                            delivery.path("sealRef").asText());
                    ObjectNode d = (ObjectNode) delivery;
                    d.set("body", decoded(body));
                    d.remove(List.of("sealedBy", "sealRef"));
                }
            }
            for (JsonNode entry : doc.path("audit")) {
                String entity = entry.path("entity").asText();
                String uri = "calendly_meetings".equals(entity) ? rowOfCalendly.get(entry.path("entityId").asText())
                        : "meetings".equals(entity) ? rowOfMeeting.get(entry.path("entityId").asText()) : null;
                if (uri != null && entry.get("changes") instanceof ObjectNode changes) {
                    openChanges(changes, entity, uri);
                }
            }
            return doc.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the subject export is not JSON", e);
        }
    }

    /** Sealed values in an audit entry's changes ({"field": [before, after]}, or a whole row). */
    private void openChanges(ObjectNode changes, String table, String uri) {
        changes.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value instanceof ObjectNode row) {
                openChanges(row, table, uri);
            } else if (value instanceof ArrayNode pair) {
                for (int i = 0; i < pair.size(); i++) {
                    if (FieldCipher.looksSealed(pair.get(i).asText(null))) {
                        pair.set(i, TextNode.valueOf(sealed.text(pair.get(i).asText(), "audit",
                                new FieldCipher.Place(table, field.getKey(), uri))));
                    }
                }
            } else if (value != null && FieldCipher.looksSealed(value.asText(null))) {
                field.setValue(TextNode.valueOf(sealed.text(value.asText(), "audit", new FieldCipher.Place(table, field.getKey(), uri))));
            }
        });
    }

    private static JsonNode decoded(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }
}
