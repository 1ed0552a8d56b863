package io.leakresponder.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through chromedriver, for the dashboard's browser tests. Screenshots go to
 * {@code target/screenshots/}. Without Chromium the tests are skipped, except where
 * {@code LEAK_RESPONDER_REQUIRE_BROWSER=true} (set by .ci/run), where they fail.
 */
public final class Browser implements AutoCloseable {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    public final ChromeDriver driver;
    private final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Starts a fresh browser (own empty profile: no cookies) against the test server at {@code base}. */
    public static Browser start(URL base) {
        boolean available = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!available && Boolean.parseBoolean(System.getenv("LEAK_RESPONDER_REQUIRE_BROWSER"))) {
            throw new AssertionError("Chromium/chromedriver missing but LEAK_RESPONDER_REQUIRE_BROWSER=true");
        }
        Assumptions.assumeTrue(available, "Debian's chromium and chromium-driver are not installed");
        try {
            Path profile = Files.createTempDirectory("lr-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            // The flags the machine's own Chromium probe uses: no background traffic to a closed network.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            String root = base.toString().replaceAll("/+$", "");
            return new Browser(driver, root, profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (up to 20 s) until an element is visible: htmx swaps and polling take a moment. */
    public WebElement waitFor(String css) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw failed("no visible " + css, e);
        }
    }

    /** A screenshot and the page's address and text, for the failure message. */
    private AssertionError failed(String what, RuntimeException cause) {
        Path shot = screenshot("failed-" + System.currentTimeMillis());
        String text = driver.findElement(By.tagName("body")).getText();
        return new AssertionError(what + " on " + path() + " (screenshot " + shot + "); page text:\n"
                + text.substring(0, Math.min(text.length(), 2000)), cause);
    }

    /** Waits until an element's text contains {@code text}. */
    public void waitForText(String css, String text) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw failed("no '" + text + "' in " + css, e);
        }
    }

    public void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    public String html() {
        return driver.getPageSource();
    }

    /** Writes a PNG of the viewport to target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the browser console said since the last call: CSP violations and script errors show here. */
    public List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    /** Signs in through the form. */
    public Browser signIn(String username, String password) {
        open("/ui/login");
        type("#username", username);
        type("#password", password);
        find("#sign-in").click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !path().startsWith("/ui/login"));
        return this;
    }

    /** Cookie values the browser holds for the service, by name. */
    public Map<String, String> cookies() {
        return driver.manage().getCookies().stream()
                .collect(java.util.stream.Collectors.toMap(c -> c.getName(), c -> c.getValue(), (a, b) -> a));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
