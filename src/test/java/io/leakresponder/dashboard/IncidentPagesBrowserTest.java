package io.leakresponder.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.Browser;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** The overview, the filtered incident list and an incident page in a real browser. */
@QuarkusTest
class IncidentPagesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aViewerFindsTheLiveIncidentFromTheOverview() {
        IncidentScenario scenario = IncidentScenario.open();
        Arc.container().instance(io.leakresponder.security.UserService.class).get()
                .create("viewer-vic", UiClient.PASSWORD, "viewer", "test");
        try (Browser browser = Browser.start(base)) {
            browser.signIn("viewer-vic", UiClient.PASSWORD);
            assertThat(browser.path()).isEqualTo("/ui/overview");
            browser.waitFor("#live-count");
            assertThat(browser.find("#live-count").getText()).isEqualTo("1");
            browser.screenshot("10-overview");

            browser.find("#live-count").click();
            browser.waitFor("#incident-table");
            new Select(browser.find("#incident-filters select[name=severity]")).selectByValue("CRITICAL");
            // htmx swaps the rows and pushes the filtered URL, without a reload.
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(20))
                    .until(d -> browser.path().contains("severity=CRITICAL"));
            browser.waitForText("#total", "1");
            browser.screenshot("11-incidents-filtered");

            browser.find("#incident-table a[href='/ui/incidents/" + scenario.live() + "']").click();
            browser.waitFor("#credential");
            assertThat(browser.find("#verdict").getText()).isEqualTo("LIVE");
            assertThat(browser.find("#chain-result").getText()).contains("verified");
            browser.screenshot("12-incident");
            // A viewer reads, but is not offered the check.
            assertThat(browser.all("#check-now")).isEmpty();
            assertThat(browser.html()).doesNotContain(Fixtures.AUTH_TOKEN);
            assertThat(browser.console()).noneMatch(line -> line.contains("Content Security Policy")
                    || line.contains("Refused to") || line.contains("Uncaught"));
        }
    }
}
