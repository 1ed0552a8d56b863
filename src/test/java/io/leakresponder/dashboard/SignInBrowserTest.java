package io.leakresponder.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.Api;
import io.leakresponder.testsupport.Browser;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first admin sets up the service and manages users in a real browser: htmx, CSRF and CSP together. */
@QuarkusTest
class SignInBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void reset() {
        Db.reset();
    }

    @Test
    void firstAdminSetsUpAddsAUserAndSignsOutWithoutAnyConsoleError() {
        try (Browser browser = Browser.start(base)) {
            browser.open("/ui/users");
            // Nobody set up yet: sent to sign in, which sends to set-up.
            browser.waitFor("#bootstrapToken");
            assertThat(browser.path()).startsWith("/ui/setup");
            browser.screenshot("01-setup");
            browser.type("#bootstrapToken", Api.ADMIN_TOKEN);
            browser.type("#username", "first-admin");
            browser.type("#password", UiClient.PASSWORD);
            browser.find("#create-admin").click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(20))
                    .until(d -> !browser.path().startsWith("/ui/setup"));
            assertThat(browser.cookies()).containsKey("lr_session");

            browser.open("/ui/users");
            browser.waitFor("#add-user");
            browser.type("#add-user input[name=username]", "responder-one");
            browser.type("#add-user input[name=password]", UiClient.PASSWORD);
            browser.find("#add-user button[type=submit]").click();
            // htmx posts with the CSRF header and swaps the table in place.
            browser.waitForText("#users", "Created responder-one (responder).");
            browser.screenshot("02-users");

            // A rule-breaking input answers with an error in the flash area, and nothing is created.
            browser.type("#add-user input[name=username]", "x");
            browser.type("#add-user input[name=password]", UiClient.PASSWORD);
            browser.find("#add-user button[type=submit]").click();
            browser.waitForText("#flash", "username");
            assertThat(Db.count("SELECT count(*) FROM app_user")).isEqualTo(2);

            browser.find("header.top form button").click();
            browser.waitFor("#sign-in");
            browser.open("/ui/users");
            browser.waitFor("#sign-in");

            browser.signIn("responder-one", UiClient.PASSWORD);
            assertThat(browser.html()).doesNotContain("href=\"/ui/users\"");
            browser.screenshot("03-signed-in-responder");

            // The 400 above is logged by the browser as a failed resource; what must never appear is a CSP violation
            // (an inline script or style somewhere) or an uncaught script error.
            assertThat(browser.console()).as("browser console")
                    .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to")
                            || line.contains("Uncaught"));
        }
    }
}
