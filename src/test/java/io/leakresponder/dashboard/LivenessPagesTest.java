package io.leakresponder.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LivenessPagesTest {

    static final String AC = Fixtures.ACCOUNT_SID;
    static final String TOKEN = Fixtures.AUTH_TOKEN;

    final StringBuilder seen = new StringBuilder();

    @BeforeEach
    void reset() {
        UiClient.resetWithFirstAdmin();
    }

    String keep(String html) {
        seen.append(html).append('\n');
        return html;
    }

    /** Keeps the answer's page for the secret checks and checks its status. */
    ValidatableResponse keep(Response answer, int status) {
        keep(answer.asString());
        return answer.then().statusCode(status);
    }

    /** The check form with this SID and secret, sent as the request is set up (htmx or a plain form). */
    static Response check(RequestSpecification form, String sid, String secret) {
        return form.formParam("sid", sid).formParam("secret", secret).post("/ui/liveness");
    }

    @Test
    void aCheckAnswersItsVerdictAndStoresNothingButTheAudit() {
        UiClient responder = UiClient.signInAs("responder");
        String page = keep(responder.request().get("/ui/liveness").then().statusCode(200).extract().asString());
        assertThat(page).contains("id=\"liveness-form\"").contains("type=\"password\"")
                .contains("autocomplete=\"off\"").contains("name=\"_csrf\"");

        TwilioDouble.shared().liveAccount(AC, TOKEN, "Acme prod");
        keep(check(responder.htmx(), AC, TOKEN), 200).body(containsString("id=\"liveness-verdict\">LIVE<"))
                .body(containsString("Acme prod")).body(containsString("Not stored"))
                .body(not(containsString("<html")));
        TwilioDouble.shared().deadAccount(AC); // a refusal, for any credential
        keep(check(responder.htmx(), AC, TOKEN), 200).body(containsString(">NOT_LIVE<"));
        TwilioDouble.shared().reset(); // Twilio answers 503: an outage is never "not live"
        keep(check(responder.htmx(), AC, TOKEN), 200).body(containsString(">INDETERMINATE<"));
        assertThat(Db.count("SELECT count(*) FROM credential")).isZero();
        assertThat(Db.count("SELECT count(*) FROM incident")).isZero();
        assertThat(Db.count("SELECT count(*) FROM liveness_audit WHERE NOT tracked AND actor = 'user:"
                + responder.username + "'")).isEqualTo(3);
        TwilioDouble.shared().deadAccount(AC); // a refusal, for any credential

        // Tracking turns it into an incident, like the API's track.
        keep(check(responder.htmx().formParam("track", "on"), AC, TOKEN), 200)
                .body(containsString("id=\"liveness-tracked\""))
                .body(containsString("/rotation\">respond to the incident"));
        assertThat(Db.count("SELECT count(*) FROM incident")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM liveness_audit WHERE tracked")).isEqualTo(1);

        // Without JavaScript the form answers the whole page, never with the secret filled back in.
        keep(check(responder.form(), AC, TOKEN), 200).body(containsString("<html")).body(containsString("NOT_LIVE"));

        assertThat(seen.toString()).doesNotContain(TOKEN);
        assertThat(Db.dumpAllTables()).doesNotContain(TOKEN);
        assertThat(Logs.all()).doesNotContain(TOKEN);
    }

    @Test
    void badInputNamesTheFieldAndChecksNothing() {
        UiClient responder = UiClient.signInAs("responder");
        keep(check(responder.htmx(), "ACnothex", TOKEN), 400).header("HX-Retarget", "#flash")
                .body(containsString("<code>sid</code>"));
        keep(check(responder.htmx(), AC, "short"), 400).body(containsString("<code>secret</code>"))
                .body(containsString("the Auth Token"));
        keep(check(responder.htmx(), "XY123", TOKEN), 400).body(containsString("<code>sid</code>"));
        String keySid = "SK0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        keep(check(responder.htmx(), keySid, "x"), 400).body(containsString("<code>secret</code>"));
        keep(check(responder.htmx().formParam("accountSid", "ACbad"), keySid, "AbCdEfGh12345678AbCdEfGh12345678"), 400)
                .body(containsString("<code>accountSid</code>"));
        keep(responder.htmx().formParam("sid", AC).post("/ui/liveness"), 400)
                .body(containsString("<code>secret</code>"));
        assertThat(Db.count("SELECT count(*) FROM liveness_audit")).isZero();
        assertThat(TwilioDouble.shared().server().getAllServeEvents()).isEmpty();
        assertThat(seen.toString()).doesNotContain(TOKEN);
    }

    @Test
    void onlyRespondersCheckAndTheFormNeedsItsCsrfToken() {
        UiClient viewer = UiClient.signInAs("viewer");
        viewer.request().get("/ui/liveness").then().statusCode(403).contentType(startsWith("text/html"));
        check(viewer.htmx(), AC, TOKEN).then().statusCode(403);
        io.restassured.RestAssured.given().redirects().follow(false).get("/ui/liveness").then().statusCode(303)
                .header("Location", startsWith("/ui/login"));
        UiClient responder = UiClient.signInAs("responder");
        TwilioDouble.shared().liveAccount(AC, TOKEN, "Acme prod");
        check(responder.request().header("HX-Request", "true").formParam("track", "on"), AC, TOKEN).then()
                .statusCode(403).body(containsString("CSRF")).body(not(containsString(TOKEN)));
        assertThat(Db.count("SELECT count(*) FROM liveness_audit")).isZero();
        assertThat(Db.count("SELECT count(*) FROM incident")).isZero();
        assertThat(TwilioDouble.shared().server().getAllServeEvents()).isEmpty();
    }
}
