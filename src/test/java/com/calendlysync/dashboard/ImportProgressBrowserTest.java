package com.calendlysync.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import com.calendlysync.calendly.CalendlySimulator;
import com.calendlysync.calendly.History;
import com.calendlysync.support.AppTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manual import page in headless Chromium: a date range in, the job started through
 * POST /api/v1/calendly/import, and the progress bar following GET /api/v1/calendly/import/{jobId}
 * live until the import completes (against the Calendly simulator, slowed so the bar is seen moving).
 */
class ImportProgressBrowserTest extends AppTestSupport {

    private static final CalendlySimulator SIM = new CalendlySimulator();
    private ChromeDriver driver;

    @Override
    protected void settings(Properties settings) {
        settings.put("calendly.api-base-url", SIM.baseUrl());
        settings.put("calendly.api-token", CalendlySimulator.TOKEN);
        settings.put("calendly.reconcile-enabled", "false");
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
    void anImportRunsAndTheProgressBarFollowsIt() {
        History.build(SIM, Instant.parse("2026-03-01T00:00:00Z"), 30, 240, 7, true);
        SIM.latency(40);
        int invitees = SIM.inviteeCount();
        driver = Browser.start(1280, 900);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        driver.get(baseUrl() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("token"))).sendKeys(ADMIN_TOKEN);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));

        driver.findElement(By.linkText("Import")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), "Manual import"));
        WebElement start = wait.until(ExpectedConditions.elementToBeClickable(By.id("i-start")));
        driver.executeScript("arguments[0].value = '2026-02-28'", start);
        driver.executeScript("arguments[0].value = '2026-04-30'", driver.findElement(By.id("i-end")));
        driver.findElement(By.cssSelector("#import-form button[type=submit]")).click();

        // while the job runs the page keeps polling: the counts on the bar grow from one poll to the next
        // (the total is unknown until the end, so the bar itself is indeterminate until then)
        wait.until(d -> d.getCurrentUrl().contains("job="));
        WebDriverWait running = new WebDriverWait(driver, Duration.ofSeconds(60));
        running.ignoring(StaleElementReferenceException.class);
        long[] first = new long[1];
        running.until(d -> {
            WebElement bar = d.findElement(By.id("import-progress"));
            first[0] = Long.parseLong(bar.getAttribute("data-events-seen"));
            return "running".equals(bar.getAttribute("data-status")) && first[0] > 0;
        });
        running.until(d -> {
            WebElement bar = d.findElement(By.id("import-progress"));
            return "completed".equals(bar.getAttribute("data-status"))
                    || Long.parseLong(bar.getAttribute("data-events-seen")) > first[0];
        });
        // a running job's bar is determinate: its position in the date range, and says so in words
        running.until(d -> {
            WebElement bar = d.findElement(By.id("import-progress"));
            return "completed".equals(bar.getAttribute("data-status"))
                    || ((Number) driver.executeScript("return arguments[0].position", bar)).doubleValue() > 0;
        });
        String status = driver.findElement(By.id("import-status")).getText();
        assertTrue(status.matches("(running \\d+% of the date range|completed 100% of the date range)"), status);
        // the job list shows the same job with its live counts
        String listed = driver.findElement(By.cssSelector("#import-jobs tr[aria-current='true']")).getText();
        assertTrue(listed.startsWith("Import") && listed.contains("2026-02-28 – 2026-04-30"), listed);
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "12-import-running");

        new WebDriverWait(driver, Duration.ofSeconds(180)).ignoring(StaleElementReferenceException.class).until(d ->
                "completed".equals(d.findElement(By.id("import-progress")).getAttribute("data-status")));
        assertEquals(100.0, Double.parseDouble(driver.findElement(By.id("import-progress")).getAttribute("value")));
        String counts = driver.findElement(By.id("import-counts")).getText();
        assertTrue(counts.contains("Invitees imported\n" + invitees) || counts.contains("Invitees imported " + invitees), counts);
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.cssSelector("#import-jobs tr[aria-current='true']")).getText().contains("completed"));
        String done = driver.findElement(By.cssSelector("#import-jobs tr[aria-current='true']")).getText();
        assertTrue(done.contains("completed") && done.contains(invitees + " created, 0 updated, 0 unchanged, 0 failed"), done);
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "13-import-completed");
    }

    @Test
    void aFailedImportStopsItsBarAndSaysWhy() {
        driver = Browser.start(1280, 900);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(baseUrl() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("token"))).sendKeys(ADMIN_TOKEN);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
        driver.get(baseUrl() + "/#/import");
        WebElement start = wait.until(ExpectedConditions.elementToBeClickable(By.id("i-start")));
        driver.executeScript("arguments[0].value = '2025-01-01'", start);
        driver.executeScript("arguments[0].value = '2025-01-31'", driver.findElement(By.id("i-end")));
        // a token Calendly does not know, for this import only: the job fails on its first call
        driver.findElement(By.id("i-token")).sendKeys("revoked-calendly-token");
        driver.findElement(By.cssSelector("#import-form button[type=submit]")).click();

        WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-failure")));
        assertTrue(failure.getText().startsWith("The import failed: Calendly rejected the API token (401"), failure.getText());
        WebElement bar = driver.findElement(By.id("import-progress"));
        assertEquals("failed", bar.getAttribute("data-status"));
        assertEquals(Boolean.FALSE, driver.executeScript("return arguments[0].matches(':indeterminate')", bar),
                "the bar of a failed job must stand still");
        assertTrue(driver.findElement(By.id("import-status")).getText().startsWith("failed"));
        // the list is asked right after the job itself
        wait.until(d -> d.findElement(By.cssSelector("#import-jobs tr[aria-current='true']")).getAttribute("data-status").equals("failed"));
        String listed = driver.findElement(By.cssSelector("#import-jobs tr[aria-current='true']")).getText();
        assertTrue(listed.contains("failed") && listed.contains("The import failed: Calendly rejected the API token"), listed);
        assertTrue(listed.contains("2025-01-01 – 2025-01-31"), listed);
        Browser.assertReadable(driver);
        Browser.screenshot(driver, "18-import-failed");
    }
}
