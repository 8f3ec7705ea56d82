package com.calendlysync.company;

import java.util.Map;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The default settings: no reference question or field, domain matching off, the customer's
 * only project on. Each rule is also checked straight against PostgreSQL with its setting on and
 * off (company_match_customer, company_match_project read matching_settings where they run).
 */
class MatchingRulesOffTest extends AppTestSupport {

    private final Bookings bookings = new Bookings(calendly);

    private static Map<String, Object> match(String email, String answersJson, String trackingJson) {
        return TestDatabase.one("SELECT customer_id, rule, unmatched_reason FROM company_match_customer(?, CAST(? AS jsonb), CAST(? AS jsonb))",
                email, answersJson, trackingJson);
    }

    @Test
    void withTheDefaultsOnlyTheEmailMatches() {
        var created = api.post("/api/v1/customers", ADMIN_TOKEN,
                "{\"name\":\"Acme\",\"email\":\"buyer@acme.example\",\"companyDomain\":\"acme.example\",\"customerNumber\":\"ACME-7\"}");
        long acme = ApiClient.json(created).get("id").asLong();
        long answer = bookings.book(1, "x@other.example", Map.of("Customer number", "ACME-7"), Map.of("utm_content", "ACME-7"));
        long domain = bookings.book(2, "colleague@acme.example", Map.of(), Map.of());
        long email = bookings.book(3, "buyer@acme.example", Map.of(), Map.of());
        assertNull(TestDatabase.one("SELECT customer_id FROM meetings WHERE id = ?", answer).get("customer_id"));
        assertEquals("no_customer_with_email", TestDatabase.one("SELECT customer_unmatched_reason AS r FROM meetings WHERE id = ?", domain).get("r"));
        assertEquals(acme, ((Number) TestDatabase.one("SELECT customer_id FROM meetings WHERE id = ?", email).get("customer_id")).longValue());
    }

    @Test
    void eachRuleStraightAgainstPostgresWithItsSettingOnAndOff() {
        TestDatabase.execute("INSERT INTO customers (name, email, company_domain, customer_number) VALUES "
                + "('Rule Co', 'rule@rule.example', 'rule.example', 'R-9'), ('Free', null, 'gmail.com', null)");
        long rule = TestDatabase.count("SELECT id FROM customers WHERE customer_number = 'R-9'");
        String answers = "[{\"question\": \"Account\", \"answer\": \"r-9\"}]";
        String tracking = "{\"utm_term\": \"" + rule + "\"}";
        try {
            assertEquals("no_customer_with_email", match("a@rule.example", answers, tracking).get("unmatched_reason"));
            assertEquals("no_email", match(" ", "[]", "{}").get("unmatched_reason"));

            TestDatabase.execute("UPDATE matching_settings SET match_by_domain = true");
            assertEquals("domain", match("a@RULE.example", "[]", "{}").get("rule"));
            assertEquals("free_mail_domain", match("a@gmail.com", "[]", "{}").get("unmatched_reason"));

            TestDatabase.execute("UPDATE matching_settings SET customer_reference_question = 'account'");
            Map<String, Object> byAnswer = match("nobody@else.example", answers, "{}");
            assertEquals("reference", byAnswer.get("rule"));
            assertEquals(rule, ((Number) byAnswer.get("customer_id")).longValue());

            TestDatabase.execute("UPDATE matching_settings SET customer_reference_question = null, customer_reference_utm = 'utm_term'");
            assertEquals("reference", match("nobody@else.example", "[]", tracking).get("rule"));
            assertEquals("email", match("RULE@rule.example", "[]", "{\"utm_term\": \"999999\"}").get("rule"));

            TestDatabase.execute("INSERT INTO projects (name, customer_id, code) VALUES ('Only', ?, 'ONLY-1')", rule);
            assertEquals("only_project", TestDatabase.one("SELECT rule FROM company_match_project(?, '[]', '{}')", rule).get("rule"));
            TestDatabase.execute("UPDATE matching_settings SET project_only_active = false");
            assertNull(TestDatabase.one("SELECT rule FROM company_match_project(?, '[]', '{}')", rule).get("rule"));
            assertEquals("code", TestDatabase.one("SELECT rule FROM company_match_project(null, '[]', CAST(? AS jsonb))",
                    "{\"utm_campaign\": \"only-1\"}").get("rule"));
        } finally {
            TestDatabase.execute("UPDATE matching_settings SET match_by_domain = false, customer_reference_question = null, "
                    + "customer_reference_utm = null, project_only_active = true");
        }
    }
}
