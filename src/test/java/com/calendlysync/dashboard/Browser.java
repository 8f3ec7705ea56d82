package com.calendlysync.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.calendlysync.support.AppTestSupport;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver: both paths are given, so
 * Selenium never looks for (or downloads) a browser or driver. Without them the tests are
 * skipped on a developer machine and fail under CI=true, where .ci/run installs them.
 */
final class Browser {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    static ChromeDriver start(int width, int height) {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!present) {
            String problem = CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install -y chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("Browser tests must run in CI: " + problem);
            }
            Assumptions.abort(problem);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }

    /** What a value turned into text by mistake looks like on a page. */
    private static final Pattern BROKEN_TEXT = Pattern.compile("\\[object \\w+]|\\bundefined\\b|\\bnull\\b|\\bNaN\\b");

    /**
     * What the page shows must be text a person can read: no "[object HTMLElement]" (an array
     * or element turned into a string), no "null" or "undefined" (a missing value printed).
     */
    static void assertReadable(ChromeDriver driver) {
        String shown = (String) driver.executeScript("return document.body.innerText");
        Matcher broken = BROKEN_TEXT.matcher(shown);
        if (broken.find()) {
            throw new AssertionError("the page shows '" + broken.group() + "':\n" + shown);
        }
    }

    /** Lets the page write and read the clipboard, as a person's click would. */
    static void allowClipboard(ChromeDriver driver) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", AppTestSupport.baseUrl(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** What is on the clipboard now. */
    static String clipboard(ChromeDriver driver) {
        return (String) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, e => done('cannot read the clipboard: ' + e));");
    }

    static void screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep screenshot " + name, e);
        }
    }
}
