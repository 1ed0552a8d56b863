package io.leakresponder.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OverviewPagesTest {

    static String overview(UiClient who) {
        Response r = who.request().get("/ui/overview");
        r.then().statusCode(200).contentType(startsWith("text/html"));
        return r.asString();
    }

    @Test
    void theOverviewSumsUpTheResponse() {
        IncidentScenario scenario = IncidentScenario.open();
        String html = overview(UiClient.signInAs("viewer"));
        // Open incidents by severity: the LIVE Auth Token (CRITICAL) and the API key (HIGH); the LOW one is closed.
        assertThat(html).contains("id=\"open-count\">2</a>")
                .contains("<svg class=\"chart severity-chart\"")
                .contains("<rect class=\"bar sev-CRITICAL\"").contains("<rect class=\"bar sev-HIGH\"")
                .doesNotContain("<rect class=\"bar sev-LOW\"")
                .contains("href=\"/ui/incidents?state=NOT_CLOSED&amp;severity=CRITICAL\"");
        // One credential still works.
        assertThat(html).contains("id=\"live-count\">1</a>");
        // The API key's incident, opened two days ago and never acknowledged, breaches its target.
        assertThat(html).contains("id=\"breach-count\">1</a>")
                .contains("href=\"/ui/incidents/" + scenario.key() + "\"").contains("not acknowledged by");
        // One incident was contained and closed, within seconds of opening.
        assertThat(html).containsPattern("id=\"time-to-contain\">median <strong>\\d+ s</strong>, mean \\d+ s "
                + "<span class=\"muted\">over 1</span>");
        assertThat(html).containsPattern("id=\"time-to-close\">median <strong>\\d+ s</strong>");
        // Recent incidents link to their pages.
        assertThat(html).contains("href=\"/ui/incidents/" + scenario.live() + "\"")
                .contains("href=\"/ui/incidents/" + scenario.closed() + "\"");
        assertThat(html).doesNotContain("style=\"").doesNotContain("<script>");
        for (String secret : Fixtures.SECRETS) {
            assertThat(html).doesNotContain(secret);
        }
    }

    @Test
    void anEmptyOverviewSaysSo() {
        Db.reset();
        UiClient.signInAs("admin");
        String html = overview(UiClient.signInAs("viewer"));
        assertThat(html).contains("id=\"open-count\">0</a>").contains("id=\"live-count\">0</a>")
                .contains("id=\"breach-count\">0</a>").contains("no incident contained yet")
                .contains("no incident closed yet").contains("No incidents yet");
    }

    @Test
    void anonymousPeopleAreSentToSignIn() {
        Db.reset();
        UiClient.signInAs("admin");
        given().redirects().follow(false).get("/ui/overview").then().statusCode(303)
                .header("Location", equalTo("/ui/login?next=%2Fui%2Foverview"));
        given().redirects().follow(false).get("/ui").then().statusCode(303)
                .header("Location", endsWith("/ui/overview"));
    }
}
