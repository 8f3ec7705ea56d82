package com.calendlysync.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator;
import com.calendlysync.calendly.CalendlySimulator.Event;
import com.calendlysync.calendly.CalendlySimulator.Host;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.TestDatabase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The customers, employees and projects pages and the meeting page's company side in a real
 * headless Chromium, asserting what a person sees: lists with search, profiles with totals,
 * create and edit forms, a CSV import with its report, the Calendly member sync, type-ahead
 * pickers, the unmatched filter with reasons, the total count, Join / Reschedule / Cancel links,
 * links set by hand, the delivery history and cancelling a meeting. Screenshots in
 * target/screenshots (company-*).
 */
class CompanyDashboardBrowserTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private static final Host ALICE = new Host(CalendlySimulator.API + "/users/alice", "host0@corp.example", "Employee A");
    private ChromeDriver driver;
    private WebDriverWait wait;
    private long futureMeeting;
    private long toCancel;

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @BeforeEach
    void seedAndOpen() {
        if (futureMeeting == 0) {
            MeetingSeeder.people();
            new MeetingSeeder().seed(120);
            // a booking next week, online, that Calendly knows (so it can be canceled from here)
            Event event = SIM.addEvent(Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), 30, "Planning call", List.of(ALICE));
            ObjectNode invitee = SIM.addInvitee(event, "Future Person", MeetingSeeder.customerEmail(2));
            assertEquals(200, calendly.deliver(CalendlySimulator.envelope("invitee.created", invitee, event.json,
                    invitee.get("created_at").asText())).statusCode());
            futureMeeting = ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE invitee_uri = ?",
                    invitee.get("uri").asText()).get("meeting_id")).longValue();
            Event later = SIM.addEvent(Instant.now().plus(9, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), 30, "Review call", List.of(ALICE));
            ObjectNode other = SIM.addInvitee(later, "Later Person", MeetingSeeder.customerEmail(2));
            assertEquals(200, calendly.deliver(CalendlySimulator.envelope("invitee.created", other, later.json,
                    other.get("created_at").asText())).statusCode());
            toCancel = ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE invitee_uri = ?",
                    other.get("uri").asText()).get("meeting_id")).longValue();
            SIM.addMember("owner", ALICE, "Europe/Oslo");
            SIM.addMember("user", new Host(CalendlySimulator.API + "/users/newbie", "newbie@corp.example", "Newbie Member"), "Europe/Oslo");
        }
        driver = Browser.start(1280, 1000);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // a page drawn again while a condition reads it is read again
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(baseUrl() + "/");
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        input.sendKeys(ADMIN_TOKEN);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    private void open(String hash, By ready) {
        // the page before is cleared, so what is waited for is the new page's
        driver.executeScript("document.getElementById('main').replaceChildren()");
        driver.get(baseUrl() + "/#" + hash);
        wait.until(ExpectedConditions.presenceOfElementLocated(ready));
    }

    /** What a facts list shows for one label (its dd). */
    private String fact(String listId, String label) {
        return driver.findElement(By.xpath("//dl[@id='" + listId + "']/dt[normalize-space(.)='" + label + "']/following-sibling::dd[1]")).getText();
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void pick(String pickerId, String typed, String optionText) {
        WebElement input = driver.findElement(By.id(pickerId));
        input.clear();
        input.sendKeys(typed);
        By option = By.xpath("//ul[@id='" + pickerId + "-options']/li[contains(., '" + optionText + "')]");
        wait.until(ExpectedConditions.elementToBeClickable(option)).click();
        wait.until(d -> d.findElement(By.id(pickerId)).getAttribute("value").contains(optionText));
    }

    @Test
    void customersListSearchProfileCreateEditAndImport() throws Exception {
        driver.findElement(By.linkText("Customers")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("records-table")));
        assertTrue(text("records-table").contains("Customer 1"), text("records-table"));
        assertTrue(text("records-table").contains("customer1@client.example"));
        driver.findElement(By.id("r-q")).sendKeys("customer7@");
        driver.findElement(By.cssSelector("#record-search button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#records-table tbody tr")).size() == 1);
        assertTrue(text("records-table").contains("Customer 7"));
        Browser.screenshot(driver, "company-01-customers");

        // the profile with its totals
        driver.findElement(By.linkText("Customer 7")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("totals")));
        assertEquals("Customer 7", text("page-title"));
        long meetings = TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = 7 AND status <> 'rescheduled'");
        assertEquals(String.valueOf(meetings), fact("totals", "Meetings"));
        assertTrue(text("totals").contains("Canceled") && text("totals").contains("No-shows") && text("totals").contains("Last meeting"));
        assertTrue(text("meetings-table").contains("Customer 7"));
        Browser.screenshot(driver, "company-02-customer-profile");

        // edit: deactivate
        driver.findElement(By.cssSelector("#edit summary")).click();
        new Select(driver.findElement(By.id("e-status"))).selectByValue("inactive");
        driver.findElement(By.cssSelector("#edit-record button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "saved"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main p .badge"), "inactive"));

        // create one whose email booked before: its meetings link at once
        open("/customers", By.id("new-record"));
        driver.findElement(By.cssSelector("#new-record summary")).click();
        driver.findElement(By.id("n-name")).sendKeys("Walk-in Ltd");
        driver.findElement(By.id("n-email")).sendKeys(MeetingSeeder.inviteeEmail(1));
        driver.findElement(By.id("n-companyDomain")).sendKeys("walkin.example");
        driver.findElement(By.cssSelector("#create-record button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), "Walk-in Ltd"));
        assertTrue(text("toast").contains("meeting(s) linked"), text("toast"));
        assertTrue(text("profile-facts").contains("walkin.example"));
        assertTrue(text("meetings-table").contains(MeetingSeeder.inviteeEmail(1)), "the linked meeting is in its history");
        // a duplicate email is refused with the reason
        open("/customers", By.id("new-record"));
        driver.findElement(By.cssSelector("#new-record summary")).click();
        driver.findElement(By.id("n-name")).sendKeys("Copy");
        driver.findElement(By.id("n-email")).sendKeys("customer3@client.example");
        driver.findElement(By.cssSelector("#create-record button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("record-form-error"), "belongs to active customer 3"));
        Browser.screenshot(driver, "company-03-create-refused");

        // CSV import with a mixed file
        Path csv = Files.createTempFile("customers", ".csv");
        Files.writeString(csv, "name,email,customerNumber\nNew Co,new@newco.example,N-1\nBroken,not-an-email,\nAgain,NEW@newco.example,\n");
        driver.findElement(By.cssSelector("#csv-import summary")).click();
        driver.findElement(By.id("csv-file")).sendKeys(csv.toAbsolutePath().toString());
        driver.findElement(By.cssSelector("#csv-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("csv-summary")));
        assertEquals("3 rows: 1 created, 0 updated, 0 unchanged, 2 rejected; 0 meeting(s) linked.", text("csv-summary"));
        String rejected = text("csv-rejected");
        assertTrue(rejected.contains("3") && rejected.contains("not-an-email"), rejected);
        assertTrue(rejected.contains("4") && rejected.contains("also on line 2"), rejected);
        Browser.screenshot(driver, "company-04-csv-report");
    }

    @Test
    void employeesSyncFromCalendlyAndProfile() {
        open("/employees", By.id("records-table"));
        assertTrue(text("records-table").contains("Employee A"));
        driver.findElement(By.id("sync-employees")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sync-result"), "Calendly members"));
        // Employee A is now known by Calendly user: the two meetings Alice hosts say so
        assertEquals("2 Calendly members: 1 created, 1 updated, 0 unchanged, 0 skipped; 2 meeting(s) linked.", text("sync-result"));
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("records-table"), "Newbie Member"));
        assertTrue(text("records-table").contains("linked · owner"), text("records-table"));
        Browser.screenshot(driver, "company-05-employees");
        driver.findElement(By.linkText("Employee A")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("totals")));
        assertTrue(text("profile-facts").contains(CalendlySimulator.API + "/users/alice"));
        long hosted = TestDatabase.count("SELECT count(DISTINCT m.id) FROM meetings m WHERE m.status <> 'rescheduled' AND (m.employee_id = 1 "
                + "OR EXISTS (SELECT 1 FROM meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = 1))");
        assertEquals(String.valueOf(hosted), fact("totals", "Meetings"));
        assertTrue(fact("totals", "Next meeting").contains("Planning call"), "the future booking is the next meeting: " + text("totals"));
        Browser.screenshot(driver, "company-06-employee-profile");
    }

    @Test
    void projectsCreatedWithACustomerPickedByName() {
        open("/projects", By.id("new-record"));
        driver.findElement(By.cssSelector("#new-record summary")).click();
        driver.findElement(By.id("n-name")).sendKeys("Data migration");
        driver.findElement(By.id("n-code")).sendKeys("MIG-1");
        pick("pick-customerId", "Customer 5", "Customer 5");
        driver.findElement(By.cssSelector("#create-record button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), "Data migration"));
        assertTrue(text("profile-facts").contains("MIG-1"));
        assertTrue(text("profile-facts").contains("Customer 5"));
        long linked = TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = 5 AND status <> 'rescheduled'");
        assertEquals(String.valueOf(linked), fact("totals", "Meetings"), "the customer's only project: its meetings are linked");
        Browser.screenshot(driver, "company-07-project");
        open("/projects", By.id("records-table"));
        assertTrue(text("records-table").contains("Data migration") && text("records-table").contains("MIG-1"));
    }

    @Test
    void meetingsPagePickersUnmatchedTotalAndLinks() {
        open("/meetings", By.id("meetings-table"));
        long all = TestDatabase.count("SELECT count(*) FROM meetings");
        assertEquals(all + " meetings", text("meeting-total"));
        // the customer picked by name, not by id
        pick("pick-customerId", "Customer 4", "Customer 4");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().contains("customerId=4"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("meeting-total"), "match the filters"));
        long four = TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = 4");
        assertEquals(four + (four == 1 ? " meeting" : " meetings") + " match the filters", text("meeting-total"));
        wait.until(d -> d.findElements(By.cssSelector("#meetings-table tbody tr")).stream().allMatch(r -> r.getText().contains("Customer 4")));
        assertTrue(driver.findElement(By.id("pick-customerId")).getAttribute("value").contains("Customer 4"), "the picker shows the name");
        Browser.screenshot(driver, "company-08-meetings-picker");

        // unmatched meetings, each with its reason; hosts link to their pages
        open("/meetings?matched=false", By.id("meetings-table"));
        List<WebElement> rows = driver.findElements(By.cssSelector("#meetings-table tbody tr"));
        assertFalse(rows.isEmpty());
        for (WebElement row : rows) {
            assertTrue(row.getText().contains("unmatched: no active customer has this email"), row.getText());
        }
        assertTrue(rows.get(0).findElements(By.cssSelector("a[href^='#/employees/']")).size() > 0, "hosts link to employee pages");
        // past meetings: a Join link, no Reschedule or Cancel
        assertTrue(rows.get(0).getText().contains("Join"), rows.get(0).getText());
        assertFalse(rows.get(0).getText().contains("Reschedule"), rows.get(0).getText());
        assertTrue(rows.get(0).getText().contains("invitee: "), "time zone shown");
        Browser.screenshot(driver, "company-09-unmatched");

        // the future meeting offers Reschedule and Cancel
        open("/meetings?sort=-startTime&limit=25", By.id("meetings-table"));
        WebElement future = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#meetings-table tr[data-meeting-id='" + futureMeeting + "']")));
        assertTrue(future.getText().contains("Reschedule") && future.getText().contains("Cancel"), future.getText());
    }

    @Test
    void aMeetingLinkedByHandShowsWhoLinkedItItsDeliveriesAndCanBeCanceled() {
        open("/meetings/" + toCancel, By.id("meeting-links"));
        assertTrue(text("link-facts").contains("Customer 2"), text("link-facts"));
        assertTrue(text("link-facts").contains("rule: email"), text("link-facts"));
        assertTrue(text("meeting-facts").contains("Join"), text("meeting-facts"));
        assertTrue(text("meeting-facts").contains("Review call"), "event type by name: " + text("meeting-facts"));
        assertTrue(text("delivery-history").contains("invitee.created") && text("delivery-history").contains("processed"),
                text("delivery-history"));
        Browser.screenshot(driver, "company-10-meeting-links");

        // link another customer by hand
        driver.findElement(By.cssSelector("#edit-links summary")).click();
        pick("pick-customerId", "Customer 9", "Customer 9");
        driver.findElement(By.cssSelector("#links-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-facts"), "set by a person"));
        assertTrue(text("link-facts").contains("Customer 9"), text("link-facts"));
        assertEquals(9L, ((Number) TestDatabase.one("SELECT customer_id FROM meetings WHERE id = ?", toCancel).get("customer_id")).longValue());
        Browser.screenshot(driver, "company-11-linked-by-hand");

        // cancel it in Calendly
        driver.findElement(By.id("cancel-reason")).sendKeys("Moved to next quarter");
        driver.executeScript("window.confirm = () => true");
        driver.findElement(By.id("cancel-meeting")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.status"), "canceled"));
        assertTrue(driver.findElements(By.id("cancel-meeting")).isEmpty(), "no Cancel for a canceled meeting");
        assertEquals("canceled", TestDatabase.one("SELECT status FROM meetings WHERE id = ?", toCancel).get("status"));
        Browser.screenshot(driver, "company-12-canceled");
    }

    @Test
    void anEmployeeSeesOnlyItsOwnRecordsAndNoEditing() {
        String employee = api.createToken(ADMIN_TOKEN, "employee", 2L);
        driver.executeScript("sessionStorage.clear()");
        driver.get(baseUrl() + "/");
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        input.sendKeys(employee);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
        open("/employees", By.id("records-table"));
        assertEquals(1, driver.findElements(By.cssSelector("#records-table tbody tr")).size());
        assertTrue(text("records-table").contains("Employee B"));
        assertTrue(driver.findElements(By.id("new-record")).isEmpty(), "no create form for an employee");
        open("/employees/1", By.id("profile-error"));
        assertTrue(text("profile-error").contains("only its own employee"), text("profile-error"));
        Browser.screenshot(driver, "company-13-employee-view");
    }
}
