package com.calendlysync.dashboard;

import java.time.Duration;

import com.calendlysync.support.AppTestSupport;
import com.calendlysync.support.Samples;
import com.calendlysync.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Privacy page in headless Chromium: the audit trail is listed and Verify says the chain is
 * valid; an admin erases a person after a confirmation that names what will go, and sees the
 * receipt; retention status and the receipts list are shown.
 */
class PrivacyBrowserTest extends AppTestSupport {

    private ChromeDriver driver;

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void verifyTheTrailAndEraseAPerson() {
        calendly.deliver(Samples.bytes(Samples.CREATED));
        driver = Browser.start(1280, 1000);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(baseUrl() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("token"))).sendKeys(ADMIN_TOKEN);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));

        driver.findElement(By.linkText("Privacy")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-title"), "Privacy"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-table")));
        assertTrue(driver.findElement(By.id("audit-table")).getText().contains("calendly_meetings"));
        assertTrue(driver.findElement(By.id("retention-status")).getText().contains("Raw delivery bodies"));

        driver.findElement(By.id("audit-verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-verify-result"), "valid"));
        assertTrue(driver.findElement(By.id("audit-verify-result")).getText().startsWith("The chain is valid"),
                driver.findElement(By.id("audit-verify-result")).getText());

        driver.findElement(By.id("subject-email")).sendKeys("jordan.ellis@example.com");
        driver.findElement(By.id("erasure-reason")).sendKeys("asked by phone");
        driver.findElement(By.id("subject-erase")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erasure-confirmation")));
        String confirmation = driver.findElement(By.id("erasure-confirmation")).getText();
        assertTrue(confirmation.contains("jordan.ellis@example.com") && confirmation.contains("1 meeting(s)"), confirmation);
        Browser.screenshot(driver, "privacy-erasure-confirmation");
        driver.findElement(By.id("erasure-confirm")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erasure-receipt")));
        String receipt = driver.findElement(By.id("erasure-receipt")).getText();
        assertTrue(receipt.contains("Erasure receipt") && receipt.contains("Erased 1 Calendly record(s)"), receipt);
        Browser.screenshot(driver, "privacy-erasure-receipt");
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM calendly_meetings WHERE invitee_email IS NOT NULL"));

        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erasure-receipts")));
        assertTrue(driver.findElement(By.id("erasure-receipts")).getText().contains("Receipt 1"));
    }
}
