package com.calendlysync.webhook;

import java.util.Properties;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The customer-match query is configuration: here it points at a company's own CRM table. */
class CustomerMatchQueryTest extends AppTestSupport {

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.customer-match-query",
                "SELECT customer_id FROM crm_contacts WHERE contact_email = lower(:#email) AND NOT archived");
    }

    @Test
    void theConfiguredQueryDecidesTheCustomer() {
        TestDatabase.wipe();
        TestDatabase.execute("DROP TABLE IF EXISTS crm_contacts");
        TestDatabase.execute("INSERT INTO customers (email, name) VALUES ('billing@northwind.example', 'Northwind')");
        long northwind = TestDatabase.count("SELECT id FROM customers WHERE name = 'Northwind'");
        TestDatabase.execute("CREATE TABLE crm_contacts (contact_email text, customer_id bigint, archived boolean)");
        TestDatabase.execute("INSERT INTO crm_contacts VALUES ('jordan.ellis@example.com', ?, false)", northwind);
        try {
            assertEquals(200, calendly.deliver(Samples.bytes(Samples.CREATED)).statusCode());

            var row = TestDatabase.one("SELECT m.customer_id, c.customer_match FROM meetings m "
                    + "JOIN calendly_meetings c ON c.meeting_id = m.id");
            assertEquals(northwind, ((Number) row.get("customer_id")).longValue());
            assertEquals("matched", row.get("customer_match"));
        } finally {
            TestDatabase.execute("DROP TABLE crm_contacts");
        }
    }
}
