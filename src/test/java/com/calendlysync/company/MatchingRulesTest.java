package com.calendlysync.company;

import java.util.Map;
import java.util.Properties;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matching order with every rule on (reference question, reference UTM field, email, domain
 * with free-mail and ambiguous domains; project code and only project), the reasons stored for
 * what stays unmatched, re-matching when a customer is added, and links set by a person that
 * survive re-matching and later webhooks.
 */
class MatchingRulesTest extends AppTestSupport {

    private final Bookings bookings = new Bookings(calendly);
    private long acme;
    private long globex;

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.customer-reference-question", "Customer number");
        settings.put("calendly.customer-reference-utm", "utm_content");
        settings.put("calendly.match-by-domain", "true");
        settings.put("calendly.project-code-question", "Project code");
    }

    @BeforeEach
    void customers() {
        if (acme != 0) {
            return;
        }
        MeetingSeeder.people();
        acme = created("{\"name\":\"Acme\",\"email\":\"buyer@acme.example\",\"companyDomain\":\"acme.example\",\"customerNumber\":\"ACME-7\"}");
        globex = created("{\"name\":\"Globex\",\"email\":\"ceo@globex.example\",\"companyDomain\":\"globex.example\",\"customerNumber\":\"GX-1\"}");
        created("{\"name\":\"Shared A\",\"companyDomain\":\"shared.example\"}");
        created("{\"name\":\"Shared B\",\"companyDomain\":\"shared.example\"}");
        created("{\"name\":\"Gmail person\",\"email\":\"known@gmail.com\",\"companyDomain\":\"gmail.com\"}");
    }

    private long created(String body) {
        var response = api.post("/api/v1/customers", ADMIN_TOKEN, body);
        assertEquals(201, response.statusCode(), response.body());
        return ApiClient.json(response).get("id").asLong();
    }

    private Map<String, Object> meeting(long id) {
        return TestDatabase.one("SELECT m.customer_id, m.customer_link, m.customer_unmatched_reason, m.project_id, m.project_link, "
                + "m.employee_id, m.employee_link, c.customer_match FROM meetings m JOIN calendly_meetings c ON c.meeting_id = m.id WHERE m.id = ?", id);
    }

    private void assertLinked(long meetingId, Long customer, String link, String reason) {
        Map<String, Object> m = meeting(meetingId);
        assertEquals(customer, m.get("customer_id") == null ? null : ((Number) m.get("customer_id")).longValue(), m.toString());
        assertEquals(link, m.get("customer_link"), m.toString());
        assertEquals(reason, m.get("customer_unmatched_reason"), m.toString());
    }

    @Test
    void theCustomerIsFoundInTheDocumentedOrder() {
        // 1. a reference answer beats the email: the booker is Globex's CEO, the answer names Acme's number
        long byAnswer = bookings.book(1, "ceo@globex.example", Map.of("Customer number", " acme-7 "), Map.of());
        assertLinked(byAnswer, acme, "reference", null);
        // ... or the UTM field, with a customer id
        long byUtm = bookings.book(2, "someone@nowhere.example", Map.of(), Map.of("utm_content", String.valueOf(globex)));
        assertLinked(byUtm, globex, "reference", null);
        // 2. the email (any case, spaces)
        long byEmail = bookings.book(3, " Buyer@ACME.example ", Map.of("Customer number", ""), Map.of());
        assertLinked(byEmail, acme, "email", null);
        // 3. the domain, for a colleague nobody entered
        long byDomain = bookings.book(4, "new.person@globex.example", Map.of(), Map.of());
        assertLinked(byDomain, globex, "domain", null);
        // never a free-mail domain, never a domain two customers share
        assertLinked(bookings.book(5, "stranger@gmail.com", Map.of(), Map.of()), null, null, "free_mail_domain");
        assertLinked(bookings.book(6, "x@shared.example", Map.of(), Map.of()), null, null, "ambiguous_domain");
        assertLinked(bookings.book(7, "x@unknown.example", Map.of(), Map.of()), null, null, "no_customer_with_email_or_domain");
        // a reference naming nobody, and no other match
        assertLinked(bookings.book(8, "x@unknown2.example", Map.of("Customer number", "NOPE-1"), Map.of()), null, null, "unknown_reference");
        // a reference naming nobody falls back to the email
        assertLinked(bookings.book(9, "buyer@acme.example", Map.of("Customer number", "NOPE-1"), Map.of()), acme, "email", null);
        assertEquals("matched", meeting(byDomain).get("customer_match"));

        // the unmatched list says why
        JsonNode unmatched = ApiClient.json(api.get("/api/v1/meetings?matched=false&limit=200", ADMIN_TOKEN));
        StringBuilder reasons = new StringBuilder();
        unmatched.get("items").forEach(i -> {
            assertTrue(i.get("customer").isNull(), i.toString());
            reasons.append(i.get("unmatchedReason").asText()).append(' ');
        });
        for (String reason : new String[] {"free_mail_domain", "ambiguous_domain", "no_customer_with_email_or_domain", "unknown_reference"}) {
            assertTrue(reasons.toString().contains(reason), reasons.toString());
        }
        JsonNode matched = ApiClient.json(api.get("/api/v1/meetings?matched=true&limit=200", ADMIN_TOKEN));
        matched.get("items").forEach(i -> assertTrue(!i.get("customer").isNull(), i.toString()));
        assertEquals("reference", ApiClient.json(api.get("/api/v1/meetings/" + byAnswer, ADMIN_TOKEN))
                .get("meeting").get("linkedBy").get("customer").asText());
    }

    @Test
    void aCustomerAddedLaterLinksTheMeetingsThatNowMatch() {
        long before = bookings.book(20, "latecomer@initech.example", Map.of(), Map.of());
        long colleague = bookings.book(21, "other@initech.example", Map.of(), Map.of());
        assertLinked(before, null, null, "no_customer_with_email_or_domain");
        long initech = created("{\"name\":\"Initech\",\"email\":\"latecomer@initech.example\"}");
        assertLinked(before, initech, "email", null);
        assertLinked(colleague, null, null, "no_customer_with_email_or_domain");
        // its domain, added by a change: the colleague follows
        var patched = api.method("PATCH", "/api/v1/customers/" + initech, ADMIN_TOKEN, "{\"companyDomain\":\"initech.example\"}");
        assertEquals(1, ApiClient.json(patched).get("relinkedMeetings").asInt(), patched.body());
        assertLinked(colleague, initech, "domain", null);
    }

    @Test
    void projectsLinkByCodeThenByTheCustomersOnlyProject() {
        var project = api.post("/api/v1/projects", ADMIN_TOKEN, "{\"name\":\"Website\",\"customerId\":" + acme + ",\"code\":\"WEB-2\"}");
        long website = ApiClient.json(project).get("id").asLong();
        var other = api.post("/api/v1/projects", ADMIN_TOKEN, "{\"name\":\"Audit\",\"code\":\"AUD\"}");
        long audit = ApiClient.json(other).get("id").asLong();
        long byCode = bookings.book(30, "buyer@acme.example", Map.of("Project code", "aud"), Map.of());
        Map<String, Object> m = meeting(byCode);
        assertEquals(audit, ((Number) m.get("project_id")).longValue());
        assertEquals("code", m.get("project_link"));
        long byUtmCampaign = bookings.book(31, "nobody@nowhere.example", Map.of(), Map.of("utm_campaign", "WEB-2"));
        assertEquals("code", meeting(byUtmCampaign).get("project_link"));
        long onlyProject = bookings.book(32, "buyer@acme.example", Map.of(), Map.of("utm_campaign", "spring"));
        m = meeting(onlyProject);
        assertEquals(website, ((Number) m.get("project_id")).longValue());
        assertEquals("only_project", m.get("project_link"));
    }

    @Test
    void linksSetByAPersonSurviveReMatchingAndLaterWebhooks() {
        ObjectNode booked = new Bookings(calendly).envelope(40, "walkin@hooli.example", Map.of(), Map.of());
        long meetingId = bookings.deliver(booked);
        assertLinked(meetingId, null, null, "no_customer_with_email_or_domain");
        var patch = api.method("PATCH", "/api/v1/meetings/" + meetingId, ADMIN_TOKEN,
                "{\"customerId\":" + globex + ",\"employeeId\":3}");
        assertEquals(200, patch.statusCode(), patch.body());
        JsonNode links = ApiClient.json(patch).get("links");
        assertEquals("person", links.get("customer").get("linkedBy").asText());
        assertEquals("Globex", links.get("customer").get("name").asText());
        assertEquals("person", links.get("employee").get("linkedBy").asText());

        // a customer with the invitee's email appears: the rule would say Hooli, the person said Globex
        long hooli = created("{\"name\":\"Hooli\",\"email\":\"walkin@hooli.example\",\"companyDomain\":\"hooli.example\"}");
        assertLinked(meetingId, globex, "person", null);
        // a later webhook about the same booking (canceled), and a re-import, change nothing of it
        ObjectNode canceled = new com.calendlysync.support.MeetingSeeder().envelope(40, 0, "invitee.canceled", false, null, null, 5);
        ((ObjectNode) canceled.get("payload")).put("email", "walkin@hooli.example");
        bookings.deliver(canceled);
        assertLinked(meetingId, globex, "person", null);
        assertEquals(3L, ((Number) meeting(meetingId).get("employee_id")).longValue());
        assertEquals("canceled", TestDatabase.one("SELECT status FROM meetings WHERE id = ?", meetingId).get("status"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM meeting_link_changes WHERE meeting_id = ? AND role = 'admin'", meetingId));

        // a person clears the customer: it stays cleared (not re-matched to Hooli)
        api.method("PATCH", "/api/v1/meetings/" + meetingId, ADMIN_TOKEN, "{\"customerId\":null}");
        api.method("PATCH", "/api/v1/customers/" + hooli, ADMIN_TOKEN, "{\"name\":\"Hooli Inc\"}");
        assertLinked(meetingId, null, "person", "cleared_by_person");
        assertNull(meeting(meetingId).get("customer_id"));
    }

    @Test
    void aManualLinkIsCheckedAndNamesTheField() {
        long meetingId = bookings.book(50, "check@acme.example", Map.of(), Map.of());
        assertEquals(400, api.method("PATCH", "/api/v1/meetings/" + meetingId, ADMIN_TOKEN, "{\"customerId\":999999}").statusCode());
        assertTrue(api.method("PATCH", "/api/v1/meetings/" + meetingId, ADMIN_TOKEN, "{\"projectId\":\"x\"}").body().contains("'projectId'"));
        assertTrue(api.method("PATCH", "/api/v1/meetings/" + meetingId, ADMIN_TOKEN, "{\"colour\":1}").body().contains("unknown field 'colour'"));
        assertTrue(api.method("PATCH", "/api/v1/meetings/" + meetingId, ADMIN_TOKEN, "{}").body().contains("at least one"));
        assertEquals(404, api.method("PATCH", "/api/v1/meetings/999999", ADMIN_TOKEN, "{\"customerId\":null}").statusCode());
        long inactive = created("{\"name\":\"Gone\",\"status\":\"inactive\"}");
        assertTrue(api.method("PATCH", "/api/v1/meetings/" + meetingId, ADMIN_TOKEN, "{\"customerId\":" + inactive + "}").body()
                .contains("inactive"));
        String auditor = api.createToken(ADMIN_TOKEN, "auditor", null);
        assertEquals(403, api.method("PATCH", "/api/v1/meetings/" + meetingId, auditor, "{\"customerId\":null}").statusCode());
    }
}
