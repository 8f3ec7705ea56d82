package com.calendlysync.dashboard;

import java.time.Duration;
import java.util.List;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.MeetingSeeder;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless Chromium: sign in, the status page, the meeting list with a
 * filter and paging, a meeting's details with its reschedule chain, a customer's history, an
 * employee who cannot open a colleague's meeting, keyboard use and a phone-sized screen.
 * Screenshots are kept in target/screenshots.
 */
class DashboardBrowserTest extends AppTestSupport {

    private String employee1;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void seedAndOpen() {
        if (employee1 == null) {
            MeetingSeeder.people();
            new MeetingSeeder().seed(300);
            calendly.deliver(Samples.bytes(Samples.CREATED));
            calendly.deliver("{\"event\":\"invitee.created\",\"payload\":{}}".getBytes());
            employee1 = api.createToken(ADMIN_TOKEN, "employee", 1L);
        }
        driver = Browser.start(1280, 900);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // a page drawn again while a condition reads it is read again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void signInSeeStatusListFilterAndOpenDetails() {
        signIn(ADMIN_TOKEN);

        // status
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), "Integration status"));
        assertEquals(baseUrl() + "/api/v1/calendly/webhook", driver.findElement(By.id("webhook-url")).getText());
        assertEquals("on", driver.findElement(By.id("signature-checking")).getText());
        assertEquals("1", driver.findElement(By.id("count-failed")).getText());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("failed-deliveries")));
        // without CALENDLY_API_TOKEN nobody asked Calendly: "not checked", not a red "unknown"
        String subscription = driver.findElement(By.id("subscription")).getText();
        assertTrue(subscription.contains("not checked") && subscription.contains("CALENDLY_API_TOKEN"), subscription);
        assertFalse(subscription.contains("unknown"), subscription);
        assertTrue(driver.findElements(By.cssSelector("#subscription .badge.failed")).isEmpty(), "nothing red about a check never made");
        assertTrue(driver.findElement(By.id("api-token")).getText().contains("not checked"));
        // the failed delivery (a field is missing) says why, and can be replayed
        String failedRow = driver.findElement(By.cssSelector("#failed-deliveries tbody tr")).getText();
        assertTrue(failedRow.contains("invitee.created") && failedRow.contains("is required"), failedRow);
        assertTrue(failedRow.contains("Replay #"), failedRow);
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "01-status");

        // list
        driver.findElement(By.linkText("Meetings")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meetings-table")));
        assertEquals(50, rows().size());
        assertTrue(rows().get(0).findElement(By.className("calendly")).isDisplayed(), "Calendly badge");
        String first = rows().get(0).getText();
        assertTrue(first.contains("Calendly") && first.contains(rows().get(0).findElement(By.className("details-link")).getText()), first);
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "02-meetings");

        // paging
        driver.findElement(By.id("next-page")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-number"), "Page 2"));
        assertEquals(50, rows().size());

        // filter: canceled meetings of invitees called Okafor
        driver.findElement(By.id("f-q")).sendKeys("okafor");
        new Select(driver.findElement(By.id("f-status"))).selectByValue("canceled");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().contains("q=okafor") && !d.findElements(By.id("meetings-table")).isEmpty()
                && d.findElement(By.id("page-number")).getText().equals("Page 1"));
        long expected = TestDatabase.count("SELECT count(*) FROM meetings m JOIN calendly_meetings c ON c.meeting_id = m.id "
                + "WHERE m.status = 'canceled' AND c.invitee_name ILIKE '%okafor%'");
        assertTrue(expected > 0);
        assertEquals(Math.min(expected, 50), rows().size());
        for (WebElement row : rows()) {
            assertTrue(row.getText().contains("Okafor"), row.getText());
            assertTrue(row.findElement(By.cssSelector("td.status")).getText().contains("canceled"), row.getText());
        }
        Browser.screenshot(driver, "03-meetings-filtered");

        // details
        String title = rows().get(0).findElement(By.className("details-link")).getText();
        rows().get(0).findElement(By.className("details-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("calendly-facts")));
        assertEquals(title, driver.findElement(By.id("page-title")).getText());
        assertTrue(driver.findElement(By.id("calendly-facts")).getText().contains("Okafor"));
        Browser.assertReadable(driver);
        // the raw Calendly data, JSON with its nulls, opens on request
        driver.findElement(By.xpath("//pre[@id='calendly-json']/ancestor::details/summary")).click();
        assertTrue(driver.findElement(By.id("calendly-json")).getText().contains("\"uri\""));
        Browser.screenshot(driver, "04-meeting-details");
    }

    @Test
    void detailsShowTheQuestionsAndAnswersAsText() {
        signIn(ADMIN_TOKEN);
        long booked = meetingOf("https://api.calendly.com/scheduled_events/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/invitees/a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d");
        driver.get(baseUrl() + "/#/meetings/" + booked);
        WebElement answers = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("questions-and-answers")));
        List<WebElement> questions = answers.findElements(By.tagName("dt"));
        List<WebElement> replies = answers.findElements(By.tagName("dd"));
        assertEquals(List.of("Company name", "What would you like to discuss?"), questions.stream().map(WebElement::getText).toList());
        assertEquals("Northwind Analytics", replies.get(0).getText());
        assertEquals("We want to migrate our booking data into our CRM.", replies.get(1).getText());
        Browser.assertReadable(driver);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", answers);
        Browser.screenshot(driver, "04b-questions-and-answers");
    }

    @Test
    void detailsShowTheWholeRescheduleChainAndTheCustomerProfileItsHistory() {
        signIn(ADMIN_TOKEN);
        long middle = meetingOf(MeetingSeeder.inviteeUri(11, 1));
        driver.get(baseUrl() + "/#/meetings/" + middle);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reschedule-chain")));
        List<WebElement> chain = driver.findElements(By.cssSelector("#reschedule-chain li"));
        assertEquals(3, chain.size());
        assertTrue(chain.get(0).getText().contains("rescheduled"));
        assertTrue(chain.get(1).getText().contains("this meeting"));
        assertTrue(chain.get(2).getText().contains("active"));
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "05-reschedule-chain");

        // the first booking of the chain, then its customer
        chain.get(0).findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#reschedule-chain li:first-child"), "this meeting"));

        driver.get(baseUrl() + "/#/customers/4");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-facts")));
        assertEquals("Customer 4", driver.findElement(By.id("page-title")).getText());
        assertEquals(Math.min(50, TestDatabase.count("SELECT count(*) FROM meetings WHERE customer_id = 4")), rows().size());
        assertTrue(driver.findElement(By.id("profile-facts")).getText().contains("Customer id\n4"),
                driver.findElement(By.id("profile-facts")).getText());
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "06-customer-profile");
    }

    @Test
    void anEmployeeSeesOnlyTheirMeetingsAndCannotOpenAColleagues() {
        signIn(employee1);
        driver.get(baseUrl() + "/#/meetings?limit=200");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meetings-table")));
        long own = TestDatabase.count("SELECT count(DISTINCT meeting_id) FROM meeting_hosts WHERE employee_id = 1");
        assertEquals(own, rows().size());
        for (WebElement row : rows()) {
            assertTrue(row.getText().contains("Employee A"), row.getText());
        }
        assertTrue(driver.findElement(By.id("who")).getText().contains("Employee"));
        assertTrue(driver.findElements(By.linkText("Import")).stream().noneMatch(WebElement::isDisplayed));

        long colleagues = ((Number) TestDatabase.one("SELECT min(m.id) AS id FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM "
                + "meeting_hosts h WHERE h.meeting_id = m.id AND h.employee_id = 1)").get("id")).longValue();
        driver.get(baseUrl() + "/#/meetings/" + colleagues);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("detail-error")));
        assertTrue(driver.findElement(By.id("detail-error")).getText().contains("not one your employee hosts"));
        assertTrue(driver.findElements(By.id("calendly-facts")).isEmpty());
        Browser.screenshot(driver, "07-employee-denied");
    }

    @Test
    void aWrongTokenIsRefusedAndSignOutForgetsTheToken() {
        driver.get(baseUrl() + "/");
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        input.sendKeys("cst_wrong", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not accepted"));
        // someone without a token learns how the first one is made
        String help = driver.findElement(By.id("first-token")).getText();
        assertTrue(help.contains("No token yet?") && help.contains("Set CALENDLY_ADMIN_TOKEN to a long random value"), help);
        assertTrue(help.contains("java -cp \"target/calendly-sync.jar:target/lib/*\" com.calendlysync.access.CreateToken --role admin"), help);
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "08-signin-refused");

        input.clear();
        input.sendKeys(ADMIN_TOKEN, Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), "Integration status"));
        driver.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
        assertEquals(null, driver.executeScript("return sessionStorage.getItem('calendlySyncToken')"));
    }

    @Test
    void everythingWorksFromTheKeyboard() {
        driver.get(baseUrl() + "/");
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        assertEquals(input, driver.switchTo().activeElement(), "the token field has focus");
        input.sendKeys(ADMIN_TOKEN, Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), "Integration status"));
        // Tab from the top of the page to the Meetings link and follow it with Enter
        driver.findElement(By.tagName("body")).sendKeys(Keys.HOME);
        driver.executeScript("document.activeElement.blur(); window.scrollTo(0,0)");
        for (int i = 0; i < 10 && !"Meetings".equals(driver.switchTo().activeElement().getText()); i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertEquals("Meetings", driver.switchTo().activeElement().getText());
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meetings-table")));
        // every form field has a label
        for (WebElement field : driver.findElements(By.cssSelector("#filters input:not([type=hidden]), #filters select"))) {
            assertFalse(driver.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")).isEmpty(),
                    "no label for " + field.getAttribute("id"));
        }
        // filter with the keyboard alone: type in search, Enter submits
        WebElement unfiltered = driver.findElement(By.id("meetings-table"));
        driver.findElement(By.id("f-q")).sendKeys("lindqvist", Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().contains("q=lindqvist"));
        wait.until(ExpectedConditions.stalenessOf(unfiltered));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meetings-table")));
        assertTrue(rows().get(0).getText().contains("Lindqvist"));
    }

    @Test
    void readableOnAPhone() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        signIn(ADMIN_TOKEN);
        driver.get(baseUrl() + "/#/meetings");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meetings-table")));
        long viewport = (Long) driver.executeScript("return document.documentElement.clientWidth");
        long content = (Long) driver.executeScript("return document.documentElement.scrollWidth");
        assertTrue(content <= viewport, "the page scrolls sideways on a phone: " + content + " > " + viewport);
        assertTrue(content <= 390, "wider than the phone: " + content);
        // the filters wait behind one button; the list comes first
        WebElement toggle = driver.findElement(By.id("filters-toggle"));
        assertTrue(toggle.isDisplayed());
        assertEquals("Filters", toggle.getText());
        assertFalse(driver.findElement(By.id("filters")).isDisplayed(), "filters folded away");
        assertTrue(rows().get(0).isDisplayed() && rows().get(0).getText().contains("@example.com"), rows().get(0).getText());
        // compact cards: a meeting is at most a third of the screen high
        long card = (Long) driver.executeScript("return Math.round(document.querySelector('#meetings-table tbody tr').getBoundingClientRect().height)");
        assertTrue(card < 844 / 3, "a meeting card is " + card + " px high");
        Browser.screenshot(driver, "09-phone-meetings");
        toggle.click();
        assertTrue(driver.findElement(By.id("filters")).isDisplayed());
        assertEquals("true", toggle.getAttribute("aria-expanded"));
        WebElement unfiltered = driver.findElement(By.id("meetings-table"));
        driver.findElement(By.id("f-q")).sendKeys("okafor", Keys.ENTER);
        wait.until(ExpectedConditions.stalenessOf(unfiltered));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meetings-table")));
        assertEquals("Filters (1 on)", driver.findElement(By.id("filters-toggle")).getText());
        Browser.screenshot(driver, "09b-phone-meetings-filtered");

        for (String[] view : new String[][] {{"status", "webhook-url"}, {"import", "import-jobs-area"}, {"setup", "token-list"},
                {"meetings/" + meetingOf(MeetingSeeder.inviteeUri(11, 1)), "calendly-facts"}}) {
            driver.get(baseUrl() + "/#/" + view[0]);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id(view[1])));
            content = (Long) driver.executeScript("return document.documentElement.scrollWidth");
            assertTrue(content <= 390, "the " + view[0] + " page scrolls sideways on a phone: " + content);
            Browser.assertReadable(driver);
            Browser.screenshot(driver, "10-phone-" + view[0].replace('/', '-'));
        }
    }

    @Test
    void setupShowsTheStepsWithThisDeploymentsUrl() {
        signIn(ADMIN_TOKEN);
        driver.get(baseUrl() + "/#/setup");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("setup-steps")));
        assertEquals(baseUrl() + "/api/v1/calendly/webhook", driver.findElement(By.id("setup-webhook-url")).getText());
        assertEquals("on", driver.findElement(By.id("setup-signature")).getText());
        String steps = driver.findElement(By.id("setup-steps")).getText();
        assertTrue(steps.contains("Webhook subscriptions work on every Calendly plan, Free included"), steps);
        assertFalse(steps.contains("paid plan"), steps);
        // without CALENDLY_API_TOKEN the app cannot create the subscription, and says what to do
        assertFalse(driver.findElement(By.cssSelector("#setup-form button[type=submit]")).isEnabled());
        assertTrue(driver.findElement(By.id("setup-needs-token")).getText().contains("Set CALENDLY_API_TOKEN"));
        // the copy buttons put exactly the shown text on the clipboard
        Browser.allowClipboard(driver);
        for (String id : List.of("setup-webhook-url", "setup-key-command", "setup-curl")) {
            WebElement shown = driver.findElement(By.id(id));
            WebElement copy = shown.findElement(By.xpath("following-sibling::button"));
            copy.click();
            wait.until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
            assertEquals(shown.getText(), Browser.clipboard(driver), id);
        }
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "11-setup");
    }

    @Test
    void anAdminMakesATokenSeesItOnceAndRevokesIt() {
        signIn(ADMIN_TOKEN);
        driver.get(baseUrl() + "/#/setup");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token-list")));
        new Select(driver.findElement(By.id("t-role"))).selectByValue("employee");
        driver.findElement(By.id("t-employee")).sendKeys("2");
        driver.findElement(By.id("t-label")).sendKeys("Dana on the road");
        String expiry = java.time.LocalDate.now().plusDays(30).toString();
        driver.executeScript("arguments[0].value = arguments[1]", driver.findElement(By.id("t-expires")), expiry);
        driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();

        // shown once, in full, with what it is
        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        String token = shown.getText();
        assertTrue(token.startsWith("cst_") && token.length() > 24, token);
        String note = driver.findElement(By.id("token-created")).getText();
        assertTrue(note.contains("New employee token #") && note.contains("shown only this once"), note);
        long id = ((Number) TestDatabase.one("SELECT id FROM api_tokens WHERE token_hash = ?",
                com.calendlysync.access.TokenHash.of(token)).get("id")).longValue();
        // listed (without the secret), working as that employee, with its expiry
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#token-list tr[data-token-id='" + id + "']")));
        String listed = row.getText();
        assertTrue(listed.contains("#" + id) && listed.contains("employee (employee 2)") && listed.contains("Dana on the road")
                && listed.contains("active"), listed);
        assertFalse(driver.findElement(By.id("token-list")).getText().contains(token), "the list never shows a token");
        assertEquals(200, api.get("/api/v1/me", token).statusCode());
        assertEquals(java.time.LocalDate.parse(expiry), ((java.sql.Timestamp) TestDatabase.one(
                "SELECT expires_at FROM api_tokens WHERE id = ?", id).get("expires_at")).toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate());
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "14-token-created");

        // gone from the page when the admin is done; revoking ends it at once
        driver.findElement(By.cssSelector("#token-created button.link")).click();
        assertTrue(driver.findElements(By.id("new-token")).isEmpty());
        row.findElement(By.tagName("button")).click();
        driver.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#token-list tr[data-token-id='" + id + "']"), "revoked"));
        assertTrue(driver.findElements(By.cssSelector("#token-list tr[data-token-id='" + id + "'] button")).isEmpty(), "no revoke for a revoked token");
        assertEquals(401, api.get("/api/v1/me", token).statusCode());
        Browser.screenshot(driver, "15-token-revoked");
    }

    private void signIn(String token) {
        driver.get(baseUrl() + "/");
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        input.sendKeys(token);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#meetings-table tbody tr"));
    }

    private static long meetingOf(String inviteeUri) {
        return ((Number) TestDatabase.one("SELECT meeting_id FROM calendly_meetings WHERE invitee_uri = ?", inviteeUri)
                .get("meeting_id")).longValue();
    }
}
