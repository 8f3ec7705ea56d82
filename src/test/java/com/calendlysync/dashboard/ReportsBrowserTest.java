package com.calendlysync.dashboard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.calendlysync.reports.Booking;
import com.calendlysync.reports.ReportFixture;
import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reports in a real headless Chromium: the home page's widgets and their live update after a
 * webhook (no reload), every report's chart with its numbers table, presets, and an embeddable
 * widget framed by a page on another origin. The numbers asserted are the tables' visible text.
 * Screenshots in target/screenshots/reports-*.png.
 */
class ReportsBrowserTest extends AppTestSupport {

    private static final String MARCH = "from=2026-03-01&to=2026-04-01&tz=Europe/Berlin";
    private boolean seeded;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void seedAndOpen() {
        if (!seeded) {
            ReportFixture.seed(calendly);
            Instant noon = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
            // two meetings in the last 30 days: one held two days ago, one the host canceled five days ago
            Booking held = new Booking(20, noon.minus(Duration.ofDays(2)), 30, noon.minus(Duration.ofDays(9)),
                    "customer2@client.example", Booking.DISCOVERY, ReportFixture.CAROL);
            Booking dropped = new Booking(21, noon.minus(Duration.ofDays(5)), 30, noon.minus(Duration.ofDays(8)),
                    "walkin@mail.example", Booking.ONBOARDING, ReportFixture.BOB);
            ReportFixture.deliver(calendly, held.created());
            ReportFixture.deliver(calendly, dropped.created());
            ReportFixture.deliver(calendly, dropped.canceled("host"));
            seeded = true;
        }
        driver = Browser.start(1280, 1000);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // the live widgets replace their contents: an element read a moment earlier may be gone
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void theHomePageShowsTheLast30DaysAndFollowsANewWebhookWithoutReloading() {
        signIn(ADMIN_TOKEN);
        driver.get(baseUrl() + "/#/home");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("home-volume-table")));
        assertEquals("Home", driver.findElement(By.id("page-title")).getText());
        assertEquals("2", metric("booked"));
        assertEquals("1", metric("completed"));
        assertTrue(driver.findElement(By.id("metric-booked")).getText().contains("vs previous period"));
        assertTrue(driver.findElement(By.id("home-live")).getText().contains("Times in"));
        String heldDay = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
        assertEquals(List.of(heldDay, "1", "1", "0", "0", "0", "0"), cells(row("home-volume-table", heldDay)));
        assertEquals(30, driver.findElements(By.cssSelector("#home-volume-table tbody tr")).size());
        assertTrue(driver.findElement(By.id("home-rates-table")).getText().contains("Cancellation rate 50.0 %"),
                driver.findElement(By.id("home-rates-table")).getText());
        assertEquals(1, driver.findElements(By.cssSelector("#home-upcoming li")).size(), "F1; F2 was canceled");
        assertTrue(driver.findElement(By.id("home-customers-table")).getText().contains("Customer 2 1 1"));
        assertTrue(driver.findElement(By.id("home-employees-table")).getText().contains("Carol Host"));
        assertTrue(chartDrawn("home-volume"), "the stacked chart is drawn");
        Browser.screenshot(driver, "reports-01-home");

        driver.executeScript("window.notReloaded = true;");
        Instant noon = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
        Booking yesterday = new Booking(22, noon.minus(Duration.ofDays(1)), 45, noon.minus(Duration.ofDays(3)),
                "customer1@client.example", Booking.DISCOVERY, ReportFixture.ALICE);
        Instant posted = Instant.now();
        ReportFixture.deliver(calendly, yesterday.created());
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> metric("booked").equals("3"));
        long seconds = Duration.between(posted, Instant.now()).toMillis();
        assertTrue(seconds < 2500, "updated " + seconds + " ms after the webhook");
        assertEquals(Boolean.TRUE, driver.executeScript("return window.notReloaded === true;"), "no reload");
        assertEquals("2", metric("completed"));
        String yesterdayDay = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertEquals(List.of(yesterdayDay, "1", "1", "0", "0", "0", "0"), cells(row("home-volume-table", yesterdayDay)));
        Browser.screenshot(driver, "reports-02-home-after-webhook");
    }

    @Test
    void everyReportHasAChartAndItsNumbersAsATable() {
        signIn(ADMIN_TOKEN);
        driver.executeScript("window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");

        driver.get(baseUrl() + "/#/reports/volume?" + MARCH + "&interval=week");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("volume-table")));
        assertTrue(driver.findElement(By.id("report-range")).getText().contains("times in Europe/Berlin"));
        assertEquals(List.of("week of 2026-03-23", "3", "1", "0", "1", "1", "0"), cells(row("volume-table", "week of 2026-03-23")));
        assertEquals(List.of("week of 2026-03-30", "3", "1", "0", "0", "1", "1"), cells(row("volume-table", "week of 2026-03-30")));
        assertTrue(chartDrawn("volume"));
        Browser.screenshot(driver, "reports-03-volume");

        driver.get(baseUrl() + "/#/reports/summary?" + MARCH);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("summary-table")));
        assertEquals(List.of("Booked", "9", "2", "+7", "+350 %"), cells(row("summary-table", "Booked")));
        assertEquals(List.of("No-show rate", "16.7 %", "0.0 %", "+16.7 pts", "—"), cells(row("summary-table", "No-show rate")));
        assertEquals(List.of("Canceled by host", "1", "0", "+1", "—"), cells(row("summary-table", "Canceled by host")));
        assertTrue(chartDrawn("summary"));
        Browser.screenshot(driver, "reports-04-summary");

        driver.get(baseUrl() + "/#/reports/engagement?" + MARCH);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("engagement-table")));
        assertEquals(List.of("Customer 1", "2", "2", "0", "0", "2026-03-02", "2026-03-28", "—"), cells(row("engagement-table", "Customer 1")));
        Browser.screenshot(driver, "reports-05-engagement");

        driver.get(baseUrl() + "/#/reports/utilization?" + MARCH);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("utilization-table")));
        assertEquals(List.of("Carol Host", "2", "2", "2.00", "1.1 %"), cells(row("utilization-table", "Carol Host")));
        assertEquals(List.of("Dana Idle", "0", "0", "0.00", "0.0 %"), cells(row("utilization-table", "Dana Idle")));

        driver.get(baseUrl() + "/#/reports/conversion?" + MARCH);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("conversion-table")));
        assertEquals(List.of("2026-03", "3", "1", "33.3 %"), cells(row("conversion-table", "2026-03")));

        driver.get(baseUrl() + "/#/reports/popular-times?" + MARCH);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("popular-times-table")));
        List<String> tuesday = cells(row("popular-times-table", "Tuesday"));
        assertEquals("2", tuesday.get(1), "Tuesday total: M6 and the manual M11");
        assertEquals("2", tuesday.get(2 + 11), "Tuesday 11:00");
        assertTrue(chartDrawn("popular-times"));
        Browser.screenshot(driver, "reports-06-popular-times");

        // a preset sets the range and keeps the time zone
        driver.findElement(By.cssSelector("button[data-preset='7']")).click();
        wait.until(d -> d.getCurrentUrl().contains("from=" + LocalDate.now(ZoneOffset.UTC).minusDays(6)) && d.getCurrentUrl().contains("tz=Europe"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("popular-times-table")));
        assertEquals(List.of(), driver.executeScript("return window.cspViolations;"), "nothing blocked by the Content-Security-Policy");
    }

    @Test
    void aWidgetIsFramedByAPageOnAnotherOriginAndTheDashboardIsNot() throws IOException {
        String url = ApiClient.json(api.post("/api/v1/widgets", ADMIN_TOKEN,
                "{\"report\":\"volume\",\"parameters\":{\"from\":\"2026-03-01\",\"to\":\"2026-04-01\",\"tz\":\"Europe/Berlin\",\"interval\":\"week\"}}"))
                .get("url").asText();
        HttpServer intranet = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        intranet.createContext("/", exchange -> {
            byte[] html = ("<!doctype html><title>Intranet</title><h1>Team page</h1>"
                    + "<iframe id=\"widget\" src=\"" + url + "\" width=\"900\" height=\"600\"></iframe>"
                    + "<iframe id=\"dashboard\" src=\"" + baseUrl() + "/\" width=\"300\" height=\"200\"></iframe>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        intranet.start();
        try {
            driver.get("http://127.0.0.1:" + intranet.getAddress().getPort() + "/");
            driver.switchTo().frame("widget");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("volume-table")));
            assertEquals(List.of("week of 2026-03-23", "3", "1", "0", "1", "1", "0"), cells(row("volume-table", "week of 2026-03-23")));
            assertTrue(chartDrawn("volume"));
            driver.switchTo().defaultContent();
            Browser.screenshot(driver, "reports-07-widget-in-intranet-page");
            driver.switchTo().frame("dashboard");
            assertTrue(driver.findElements(By.id("main")).isEmpty(), "the dashboard refuses to be framed");
            driver.switchTo().defaultContent();
        } finally {
            intranet.stop(0);
        }
    }

    private void signIn(String token) {
        driver.get(baseUrl() + "/");
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        input.sendKeys(token);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
    }

    private String metric(String name) {
        return driver.findElement(By.cssSelector("#metric-" + name + " .metric-value")).getText();
    }

    private WebElement row(String table, String firstCell) {
        return wait.until(d -> d.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector("th")).getText().equals(firstCell)).findFirst().orElse(null));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }

    /** ECharts drew into the chart's element (a canvas with a size). */
    private boolean chartDrawn(String id) {
        return wait.until(d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                "const c = document.querySelector('#' + arguments[0] + '-chart canvas'); return !!c && c.width > 0;", id)));
    }
}
