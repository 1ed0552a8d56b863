package io.leakresponder.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Incidents.registerAdminToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leakresponder.security.UserService;
import io.leakresponder.testsupport.Browser;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import io.leakresponder.testsupport.UiClient;
import io.leakresponder.usage.UsageTestProfile;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole response in a real browser: a responder signs in, a scanner report arrives through the API, the
 * responder finds the incident, walks a ZERO_DOWNTIME rotation against WireMock until CONTAINED, adds and replaces
 * a consumer, and opens the usage audit to see its chart. Screenshots of each stage go to target/screenshots/.
 */
@QuarkusTest
@TestProfile(UsageTestProfile.class)
class IncidentJourneyBrowserTest {

    static final String AC = "AC7777888899990000aaaabbbbccccdddd";
    static final String LEAKED = "7777888899990000aaaabbbbcccc1234";
    static final String SECONDARY = "eeee1111ffff22223333444455556666";
    static final String ADMIN = "aaaa9999bbbb8888cccc7777dddd6666";

    @TestHTTPResource("/")
    URL base;

    /** Every page the browser showed after the one-time display, and before it. */
    final List<String> pages = new ArrayList<>();

    @Test
    void aResponderTakesALeakFromReportToContainedAndAuditsItsUsage() {
        Db.reset();
        TwilioDouble.shared().reset();
        // The usage audit reads with the registered admin token.
        TwilioDouble.shared().emptyByDefault(TwilioDouble.Access.own(AC, AC, ADMIN));
        UiClient.signInAs("admin");
        Arc.container().instance(UserService.class).get().create("rita", UiClient.PASSWORD, "responder", "test");
        TwilioDouble.shared().liveAccount(AC, LEAKED, "Prod");

        // A scanner report arrives through the API, as CI would post it.
        asAdmin().contentType("application/octet-stream").body(Fixtures.bytes("dashboard/journey.jsonl"))
                .post("/api/v1/findings").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "SELECT count(*) FROM credential_liveness WHERE last_verdict = 'LIVE'") == 1);
        String id = Db.string("SELECT i.id FROM incident i JOIN credential c ON c.id = i.credential_id "
                + "WHERE c.account_sid = '" + AC + "' AND c.kind = 'AUTH_TOKEN'");

        try (Browser browser = Browser.start(base)) {
            browser.signIn("rita", UiClient.PASSWORD);
            keep(browser);

            // Find the incident: Incidents, then the row of the leaked token.
            browser.find("header.top nav a[href='/ui/incidents']").click();
            browser.waitFor("#incident-table");
            browser.find("#incident-table a[href='/ui/incidents/" + id + "']").click();
            browser.waitFor("#credential");
            assertThat(browser.find("#verdict").getText()).isEqualTo("LIVE");
            keep(browser);
            browser.screenshot("20-journey-incident");

            // Guided rotation: acknowledge, then a zero-downtime rotation.
            browser.find("#rotation-link").click();
            browser.waitFor("#acknowledge").click();
            browser.waitFor("#rotation-mode");
            keep(browser);
            TwilioDouble.shared().createsSecondary(AC, LEAKED, SECONDARY); // rotated with the leaked token itself
            new Select(browser.find("#rotation-mode")).selectByValue("ZERO_DOWNTIME");
            browser.find("#start-rotation").click();
            // The new secondary token is shown once, with its copy button.
            WebElement secret = browser.waitFor("#new-secret");
            assertThat(secret.getText()).isEqualTo(SECONDARY);
            assertThat(browser.all("#new-secret-box button[data-copy='new-secret']")).hasSize(1);
            browser.screenshot("21-journey-new-secret-once");
            browser.find("#secret-stored").click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                    .until(d -> browser.all("#new-secret").isEmpty());
            keep(browser);

            // Replace: add a consumer of the token, then mark it replaced.
            browser.open("/ui/incidents/" + id + "/rotation?step=replace");
            browser.waitFor("#consumer-name");
            browser.type("#consumer-name", "billing-api");
            new Select(browser.find("#consumer-kind")).selectByValue("SERVICE");
            browser.find("#add-consumer").click();
            WebElement row = browser.waitFor("#consumers [data-consumer='billing-api']");
            String consumerId = row.getAttribute("id").substring("consumer-".length());
            browser.find("#replace-" + consumerId).click();
            browser.waitForText("#consumer-" + consumerId, "REPLACED");
            keep(browser);
            browser.screenshot("22-journey-consumers");

            // Promote: the leaked token stops working; the page follows the confirmation job until CONTAINED.
            TwilioDouble.shared().promotes(AC, LEAKED, SECONDARY);
            TwilioDouble.shared().deadAccount(AC, LEAKED);
            browser.open("/ui/incidents/" + id + "/rotation?step=rotate");
            browser.waitFor("#promote").click();
            // The page asks before an irreversible step.
            new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
            new WebDriverWait(browser.driver, Duration.ofSeconds(40))
                    .until(d -> !browser.all("#rotation-confirmed").isEmpty());
            browser.open("/ui/incidents/" + id);
            browser.waitForText("#incident-state", "CONTAINED");
            keep(browser);
            browser.screenshot("23-journey-contained");

            // Usage audit of the compromised window, with an admin credential for the account.
            TwilioDouble.shared().liveAccount(AC, ADMIN, "Prod");
            registerAdminToken(AC, ADMIN);
            serveUsage();
            browser.find("#usage-link").click();
            browser.waitFor("#usage-start button[type=submit]").click();
            WebElement chart = new WebDriverWait(browser.driver, Duration.ofSeconds(60))
                    .until(d -> browser.all("#chart-daily-spend").stream().findFirst().orElse(null));
            assertThat(chart.findElements(org.openqa.selenium.By.cssSelector(".bar"))).isNotEmpty();
            new WebDriverWait(browser.driver, Duration.ofSeconds(60))
                    .until(d -> browser.all("#usage-audit[hx-trigger]").isEmpty());
            assertThat(browser.all("#chart-countries .bar")).isNotEmpty();
            keep(browser);
            browser.driver.executeScript("arguments[0].scrollIntoView()", browser.find("#chart-daily-spend"));
            browser.screenshot("24-journey-usage-audit");

            assertThat(browser.console()).as("browser console")
                    .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to")
                            || line.contains("Uncaught"));
        }
        for (String page : pages) {
            assertThat(page).doesNotContain(LEAKED).doesNotContain(SECONDARY).doesNotContain(ADMIN);
        }
        assertThat(Logs.all()).doesNotContain(LEAKED).doesNotContain(SECONDARY).doesNotContain(ADMIN);
        assertThat(Db.dumpAllTables()).doesNotContain(LEAKED).doesNotContain(SECONDARY).doesNotContain(ADMIN);
    }

    private void keep(Browser browser) {
        pages.add(browser.html());
    }

    /** Messages to Nigeria in the window and to the US before it; spend of 20.00 a day in the window, 1.00 before. */
    static void serveUsage() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant exposed = Instant.parse("2025-09-01T08:00:00Z");
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(TwilioFixtures.message(TwilioFixtures.sid("SM", i + 1), AC, "+12025550100",
                    "+23480312" + String.format("%04d", i), "outbound-api", now.minus(Duration.ofHours(2 + i)),
                    "-0.05", 1, null));
        }
        for (int i = 0; i < 4; i++) {
            messages.add(TwilioFixtures.message(TwilioFixtures.sid("SM", 100 + i), AC, "+12025550100",
                    "+1202555" + String.format("%04d", i), "outbound-api", exposed.minus(Duration.ofDays(2 + i)),
                    "-0.0079", 1, null));
        }
        TwilioDouble.shared().stubFor(get(urlPathEqualTo(TwilioDouble.messagesPath(AC))).atPriority(1)
                .withBasicAuth(AC, ADMIN).willReturn(TwilioDouble.json(200, TwilioFixtures.page2010("messages",
                        TwilioDouble.messagesPath(AC), messages, 0, null))));
        List<String> usage = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (LocalDate d = today.minusDays(6); !d.isAfter(today); d = d.plusDays(1)) {
            usage.add(TwilioFixtures.usage(AC, "totalprice", d, d.isBefore(today.minusDays(2)) ? "1.00" : "20.00"));
        }
        TwilioDouble.shared().serve("usage_records", TwilioDouble.usagePath(AC), false, usage, 1000, "U", Map.of(),
                TwilioDouble.Access.own(AC, AC, ADMIN));
    }
}
