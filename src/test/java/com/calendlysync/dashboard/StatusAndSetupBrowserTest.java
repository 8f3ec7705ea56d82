package com.calendlysync.dashboard;

import java.time.Duration;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator;
import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deployment with a Calendly API token (the simulator) and a real public address, at 1280 px:
 * the admin creates the webhook subscription from the Setup page, and the Status page then shows
 * it, the webhook URL on one line, and replay only for the failed delivery a replay can help.
 */
class StatusAndSetupBrowserTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private static final String PUBLIC_URL = "https://calendly-sync.internal.northwind-analytics.example";
    private ChromeDriver driver;
    private WebDriverWait wait;

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
        settings.put("calendly.public-url", PUBLIC_URL);
        settings.put("calendly.status-cache-seconds", "0");
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void theAdminCreatesTheSubscriptionAndTheStatusShowsItReadably() {
        assertEquals(400, calendly.deliver("{\"event\": \"invitee.created\", \"payload\": ".getBytes()).statusCode());
        assertEquals(400, calendly.deliver("{\"event\":\"invitee.created\",\"payload\":{}}".getBytes()).statusCode());
        long notJson = TestDatabase.count("SELECT min(id) FROM webhook_deliveries WHERE outcome = 'failed'");
        long missingField = TestDatabase.count("SELECT max(id) FROM webhook_deliveries WHERE outcome = 'failed'");
        driver = Browser.start(1280, 900);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        signIn();

        // setup: the app makes the subscription with its API token, signed with the configured key
        driver.get(baseUrl() + "/#/setup");
        WebElement callback = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setup-callback")));
        String webhookUrl = PUBLIC_URL + "/api/v1/calendly/webhook";
        assertEquals(webhookUrl, callback.getAttribute("value"));
        assertEquals("set", driver.findElement(By.id("setup-api-token")).getText());
        WebElement create = driver.findElement(By.cssSelector("#setup-form button[type=submit]"));
        assertEquals("Create subscription", create.getText());
        create.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("setup-result"), "Subscription"));
        String created = driver.findElement(By.id("setup-result")).getText();
        assertTrue(created.startsWith("created Subscription https://api.calendly.com/webhook_subscriptions/"), created);
        assertTrue(created.contains("is active") && created.contains("signed with the configured CALENDLY_WEBHOOK_SECRET"), created);
        assertTrue(driver.findElements(By.id("setup-signing-key")).isEmpty(), "no key to show: ours was configured");
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "16-setup-subscription-created");
        create.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("setup-result"), "kept"));
        assertTrue(driver.findElement(By.id("setup-result")).getText().contains("our subscription is active; nothing to do"));

        // status: the subscription as Calendly has it
        driver.get(baseUrl() + "/#/status");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("failed-deliveries")));
        String subscription = driver.findElement(By.id("subscription")).getText();
        assertTrue(subscription.contains("State\nactive") && subscription.contains(webhookUrl) && subscription.contains("Points here\nyes"),
                subscription);

        // the webhook URL, 83 characters, stays on one line at 1280 px
        WebElement url = driver.findElement(By.id("webhook-url"));
        assertEquals(webhookUrl, url.getText());
        assertEquals(1L, driver.executeScript("return arguments[0].getClientRects().length", url),
                "the webhook URL wraps onto several lines");
        WebElement callbackShown = driver.findElement(By.cssSelector("#subscription code.url"));
        assertEquals(webhookUrl, callbackShown.getText());
        assertEquals(1L, driver.executeScript("return arguments[0].getClientRects().length", callbackShown),
                "the subscription's callback URL wraps onto several lines");

        // replay is offered for the delivery a replay may fix, not for bytes that are not JSON
        WebElement unreadable = driver.findElement(By.cssSelector("#failed-deliveries tr[data-delivery-id='" + notJson + "']"));
        assertTrue(unreadable.getText().contains("the body is not valid JSON"), unreadable.getText());
        assertTrue(unreadable.getText().contains("cannot be replayed: the body Calendly sent is not JSON"), unreadable.getText());
        assertTrue(unreadable.findElements(By.tagName("button")).isEmpty(), "no Replay button for a body that is not JSON");
        WebElement fixable = driver.findElement(By.cssSelector("#failed-deliveries tr[data-delivery-id='" + missingField + "']"));
        assertEquals("Replay #" + missingField, fixable.findElement(By.tagName("button")).getText());
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "17-status-1280");
        assertFalse(driver.findElement(By.id("main")).getText().contains("not checked"), "Calendly was asked");
    }

    private void signIn() {
        driver.get(baseUrl() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("token"))).sendKeys(ADMIN_TOKEN);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
    }
}
