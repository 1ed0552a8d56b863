package io.leakresponder.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.leakresponder.testsupport.RotationFakes.ADMIN_TOKEN;
import static io.leakresponder.testsupport.RotationFakes.LEAKED_KEY_SECRET;
import static io.leakresponder.testsupport.RotationFakes.LEAKED_SK;
import static io.leakresponder.testsupport.RotationFakes.NEW_KEY_SECRET;
import static io.leakresponder.testsupport.RotationFakes.NEW_SK;
import static io.leakresponder.testsupport.RotationFakes.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.leakresponder.testsupport.Api;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RotationPagesTest {

    static final String AC = Fixtures.ACCOUNT_SID;
    static final String LEAKED = Fixtures.AUTH_TOKEN;

    /** Every page and fragment this test received, to count how often a secret was shown. */
    final StringBuilder seen = new StringBuilder();

    @BeforeEach
    void reset() {
        UiClient.resetWithFirstAdmin();
    }

    /** An OPEN incident for the leaked Auth Token, tracked through the API. */
    static String openIncident() {
        TwilioDouble.shared().liveAccount(AC, LEAKED, "Prod");
        return Incidents.trackAuthToken(AC, LEAKED);
    }

    static String base(String id) {
        return "/ui/incidents/" + id + "/rotation";
    }

    Response keep(Response r) {
        seen.append(r.asString()).append('\n');
        return r;
    }

    static long version(String id) {
        return Db.count("SELECT version FROM incident WHERE id = '" + id + "'");
    }

    static String state(String id) {
        return Db.string("SELECT state FROM incident WHERE id = '" + id + "'");
    }

    @Test
    void aZeroDowntimeRotationIsWalkedThroughThePageUntilContained() {
        String id = openIncident();
        UiClient responder = UiClient.signInAs("responder");
        String page = keep(responder.request().get(base(id))).then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"acknowledge\"").contains("<li class=\"current\" aria-current=\"step\">")
                .contains("Immediate actions").contains("id=\"rb-immediate-actions\"");

        keep(responder.htmx().formParam("assignee", "alice").post(base(id) + "/acknowledge")).then().statusCode(200)
                .body(containsString("id=\"workflow\"")).body(containsString("assigned to alice"))
                .body(containsString("id=\"start-rotation\"")).body(not(containsString("<html")));
        assertThat(state(id)).isEqualTo("ACKNOWLEDGED");

        // Rotate: the secondary token is shown once, with a copy button and the "stored" confirmation.
        TwilioDouble.shared().createsSecondary(AC, LEAKED, SECONDARY); // rotated with the leaked token itself
        String started = keep(responder.htmx().formParam("mode", "ZERO_DOWNTIME").post(base(id) + "/start"))
                .then().statusCode(200).extract().asString();
        assertThat(started).containsOnlyOnce(SECONDARY)
                .contains("<code id=\"new-secret\">" + SECONDARY + "</code>")
                .contains("data-copy=\"new-secret\"").contains("class=\"card secret-once\"")
                .contains("id=\"secret-stored\"").contains("AWAITING_PROMOTE").contains("id=\"promote\"")
                .contains("create-secondary-token");
        // Any later view: never again.
        keep(responder.request().get(base(id))).then().statusCode(200).body(not(containsString(SECONDARY)))
                .body(not(containsString("secret-once")));
        keep(responder.htmx().formParam("step", "replace").post(base(id) + "/secret-stored")).then().statusCode(200)
                .body(containsString("not shown again")).body(not(containsString("id=\"new-secret\"")));
        assertThat(Db.count("SELECT count(*) FROM incident_event WHERE action = 'new_secret_stored'")).isEqualTo(1);

        // Replace: add a consumer and mark it replaced.
        keep(responder.htmx().formParam("name", "billing-api").formParam("kind", "SERVICE")
                .formParam("owner", "team-billing").post(base(id) + "/consumers")).then().statusCode(200)
                .body(containsString("data-consumer=\"billing-api\""))
                .body(containsString("Added consumer billing-api"));
        String consumer = Db.string("SELECT id::text FROM consumer WHERE name = 'billing-api'");
        keep(responder.htmx().formParam("note", "deployed").post(base(id) + "/consumers/" + consumer + "/replaced"))
                .then().statusCode(200).body(containsString("billing-api is REPLACED"));
        assertThat(Db.string("SELECT status FROM consumer WHERE id = '" + consumer + "'")).isEqualTo("REPLACED");
        // A bad kind names its field and adds nothing.
        responder.htmx().formParam("name", "x").formParam("kind", "TOASTER").post(base(id) + "/consumers").then()
                .statusCode(400).header("HX-Retarget", "#flash").body(containsString("kind"));
        assertThat(Db.count("SELECT count(*) FROM consumer WHERE name = 'x'")).isZero();

        // Promote: the leaked token stops working; the saga polls until the confirmation job contains.
        TwilioDouble.shared().promotes(AC, LEAKED, SECONDARY);
        TwilioDouble.shared().deadAccount(AC, LEAKED);
        keep(responder.htmx().post(base(id) + "/promote")).then().statusCode(200)
                .body(containsString("AWAITING_CONFIRMATION")).body(containsString("hx-trigger=\"every 2s\""))
                .body(not(containsString(SECONDARY)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                keep(responder.request().get(base(id) + "/saga")).then().statusCode(200).extract().asString())
                .contains("CONFIRMED").contains("id=\"rotation-confirmed\"").doesNotContain("hx-trigger"));
        assertThat(state(id)).isEqualTo("CONTAINED");
        TwilioDouble.shared().server().verify(1, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Promote")));

        // Contained: the page opens at Replace consumers; the rest are waived, then the incident is remediated.
        String contained = keep(responder.request().get(base(id))).then().statusCode(200).extract().asString();
        assertThat(contained).contains("id=\"remediate\"").contains("<li class=\"done\">")
                .doesNotContain("id=\"start-rotation\"");
        keep(responder.request().get(base(id) + "?step=contain")).then()
                .body(containsString("Containment is confirmed"));
        for (String pending : Db.string("SELECT coalesce(string_agg(id::text, ','), '') FROM consumer WHERE "
                + "status = 'PENDING'").split(",")) {
            if (!pending.isEmpty()) {
                keep(responder.htmx().formParam("reason", "not a consumer").post(base(id) + "/consumers/" + pending
                        + "/waived")).then().statusCode(200).body(containsString("WAIVED"));
            }
        }
        keep(responder.htmx().formParam("version", version(id)).post(base(id) + "/remediate")).then().statusCode(200)
                .body(containsString("id=\"usage-link\""));
        assertThat(state(id)).isEqualTo("REMEDIATED");

        assertSecretsShownOnlyOnce(SECONDARY);
    }

    @Test
    void confirmContainmentRunsACheckAndContainsOnlyOnNotLive() {
        String id = openIncident();
        UiClient responder = UiClient.signInAs("responder");
        responder.htmx().post(base(id) + "/acknowledge").then().statusCode(200);
        keep(responder.htmx().formParam("mode", "SIDEWAYS").post(base(id) + "/start")).then().statusCode(400)
                .body(containsString("<code>mode</code>"));
        // Abandon a rotation, then start again.
        keep(responder.htmx().formParam("mode", "MANUAL").post(base(id) + "/start")).then().statusCode(200)
                .body(containsString("id=\"abandon-rotation\""));
        keep(responder.htmx().formParam("reason", "wrong mode").post(base(id) + "/abandon")).then().statusCode(200)
                .body(containsString("ABANDONED")).body(containsString("id=\"start-rotation\""));
        keep(responder.htmx().formParam("mode", "MANUAL").post(base(id) + "/start")).then().statusCode(200)
                .body(containsString("id=\"confirm-containment\"")).body(not(containsString("hx-trigger")));
        // Still live: refused with the verdict, in the flash area; nothing changes.
        keep(responder.htmx().post(base(id) + "/contain")).then().statusCode(409).header("HX-Retarget", "#flash")
                .body(containsString("LIVE"));
        assertThat(state(id)).isEqualTo("ACKNOWLEDGED");
        keep(responder.request().get(base(id) + "?step=contain")).then()
                .body(containsString("id=\"last-verdict\">LIVE"));
        TwilioDouble.shared().deadAccount(AC, LEAKED);
        keep(responder.htmx().post(base(id) + "/contain")).then().statusCode(200)
                .body(containsString("Contained")).body(containsString("NOT_LIVE"));
        assertThat(state(id)).isEqualTo("CONTAINED");
        // A plain form post (no JavaScript) answers the whole page.
        keep(responder.form().formParam("name", "cron-box").post(base(id) + "/consumers")).then().statusCode(200)
                .body(containsString("<html")).body(containsString("cron-box"));
        // Close: the resolution and an early close's reason are required, named in the error.
        keep(responder.htmx().formParam("resolution", "SOLVED").post(base(id) + "/close")).then().statusCode(400)
                .body(containsString("<code>resolution</code>"));
        keep(responder.htmx().formParam("resolution", "FALSE_POSITIVE").post(base(id) + "/close")).then()
                .statusCode(400).body(containsString("<code>reason</code>"));
        assertThat(state(id)).isEqualTo("CONTAINED");
        keep(responder.htmx().formParam("resolution", "FALSE_POSITIVE").formParam("reason", "a test fixture")
                .formParam("version", version(id)).post(base(id) + "/close")).then().statusCode(200)
                .body(containsString("Closed: closed as FALSE_POSITIVE")).body(containsString("id=\"closed\""));
        assertThat(state(id)).isEqualTo("CLOSED");
        assertSecretsShownOnlyOnce();
    }

    @Test
    void anApiKeyReplacementShowsTheNewKeySecretOnce() {
        TwilioDouble.shared().stubFor(get(urlPathMatching("/2010-04-01/Accounts/" + AC + "/Messages.json"))
                .withBasicAuth(LEAKED_SK, LEAKED_KEY_SECRET).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\":[],\"next_page_uri\":null}")));
        TwilioDouble.shared().liveAccount(AC, LEAKED, "Prod");
        String id = Incidents.trackApiKey(Api.asAdmin(), AC, LEAKED_SK, LEAKED_KEY_SECRET);
        TwilioDouble.shared().liveAccount(AC, ADMIN_TOKEN, "Prod");
        Incidents.registerAdminToken(AC, ADMIN_TOKEN);
        TwilioDouble.shared().stubFor(post(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys.json"))
                .withBasicAuth(AC, ADMIN_TOKEN).willReturn(aResponse().withStatus(201)
                        .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"" + NEW_SK + "\","
                                + "\"friendly_name\":\"r\",\"date_created\":\"Sat, 28 Nov 2026 10:30:00 +0000\","
                                + "\"date_updated\":\"Sat, 28 Nov 2026 10:30:00 +0000\",\"secret\":\""
                                + NEW_KEY_SECRET + "\"}")));
        TwilioDouble.shared().stubFor(delete(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys/" + LEAKED_SK
                + ".json")).withBasicAuth(AC, ADMIN_TOKEN).willReturn(aResponse().withStatus(204)));
        UiClient responder = UiClient.signInAs("responder");
        responder.htmx().post(base(id) + "/acknowledge").then().statusCode(200);
        String rotate = keep(responder.request().get(base(id))).asString();
        assertThat(rotate).contains("twilio-api-key-leak.md").contains("<option value=\"API_KEY\" selected>")
                .doesNotContain("ZERO_DOWNTIME");
        String started = keep(responder.htmx().formParam("mode", "API_KEY").post(base(id) + "/start")).then()
                .statusCode(200).extract().asString();
        assertThat(started).containsOnlyOnce(NEW_KEY_SECRET).contains("Secret of the new API key " + NEW_SK)
                .contains("id=\"delete-old-key\"");
        keep(responder.request().get(base(id))).then().body(not(containsString(NEW_KEY_SECRET)));
        keep(responder.htmx().post(base(id) + "/delete-old-key")).then().statusCode(200)
                .body(containsString("AWAITING_CONFIRMATION"));
        assertSecretsShownOnlyOnce(NEW_KEY_SECRET);
    }

    @Test
    void keysAndSubaccountsMadeDuringTheExposureAreReviewedOnTheAuditStep() {
        String id = openIncident();
        Incidents.acknowledge(id);
        TwilioDouble.shared().deadAccount(AC, LEAKED);
        Incidents.act(id, "contain", 200);
        UiClient viewer = UiClient.signInAs("viewer");
        UiClient responder = UiClient.signInAs("responder");
        String audit = base(id) + "?step=audit";
        keep(viewer.request().get(audit)).then().statusCode(200).body(containsString("id=\"no-suspects\""))
                .body(not(containsString("id=\"scan-suspects\"")));
        keep(responder.request().get(audit)).then().body(containsString("id=\"scan-suspects\""));
        // Without the account's admin credential there is nothing to scan with: said in the flash area.
        keep(responder.htmx().post(base(id) + "/suspects/scan")).then().statusCode(409)
                .body(containsString("admin credential"));

        TwilioDouble.shared().liveAccount(AC, ADMIN_TOKEN, "Prod");
        Incidents.registerAdminToken(AC, ADMIN_TOKEN);
        String evilKey = "SK" + "0badbad0".repeat(4);
        String evilSub = "AC" + "0badbad0".repeat(4);
        String soon = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '+0000'",
                java.util.Locale.US).format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1));
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys.json"))
                .withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"keys\":[{\"sid\":\"" + evilKey + "\",\"friendly_name\":\"backup\",\"date_created\":\""
                                + soon + "\"}],\"next_page_uri\":null,\"page\":0,\"page_size\":1000}")));
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/v1/Keys")).withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"keys\":[],\"meta\":{\"page\":0,\"page_size\":1000,\"next_page_url\":null,"
                                + "\"key\":\"keys\"}}")));
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/SigningKeys.json"))
                .withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"signing_keys\":[],\"next_page_uri\":null,\"page\":0,\"page_size\":1000}")));
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts.json")).withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"accounts\":[{\"sid\":\"" + evilSub + "\",\"owner_account_sid\":\"" + AC + "\","
                                + "\"status\":\"active\",\"type\":\"Full\",\"friendly_name\":\"x\",\"auth_token\":\""
                                + SECONDARY + "\",\"date_created\":\"" + soon + "\"}],"
                                + "\"next_page_uri\":null,\"page\":0,\"page_size\":1000}")));
        String scanned = keep(responder.htmx().post(base(id) + "/suspects/scan")).then().statusCode(200)
                .body(containsString("Scanned Twilio: 2 API key(s) and subaccount(s)"))
                .body(containsString(evilKey)).body(containsString(evilSub)).extract().asString();
        String keyId = Db.string("SELECT id FROM suspect_resource WHERE sid = '" + evilKey + "'");
        String subId = Db.string("SELECT id FROM suspect_resource WHERE sid = '" + evilSub + "'");
        // Only an API key can be deleted from here; a subaccount is closed in the Console and kept with a note.
        assertThat(scanned).contains("/suspects/" + keyId + "/decision").contains("value=\"DELETE\"");
        // Delete is a form of its own that asks first; the note's form (Enter in the note) can only keep.
        assertThat(scanned).containsPattern("class=\"inline suspect-delete\"\\s+hx-confirm=\"Delete the key "
                + evilKey);
        for (String form : scanned.split("<form")) {
            assertThat(form.contains("value=\"KEEP\"") && form.contains("value=\"DELETE\"")).as(form).isFalse();
        }
        TwilioDouble.shared()
                .stubFor(delete(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys/" + evilKey + ".json"))
                        .withBasicAuth(AC, ADMIN_TOKEN).willReturn(aResponse().withStatus(204)));
        keep(responder.htmx().formParam("decision", "DELETE").post(base(id) + "/suspects/" + keyId + "/decision"))
                .then().statusCode(200).body(containsString(evilKey + ": DELETED."));
        keep(responder.htmx().formParam("decision", "KEEP").post(base(id) + "/suspects/" + subId + "/decision"))
                .then().statusCode(400).body(containsString("<code>note</code>"));
        keep(responder.htmx().formParam("decision", "KEEP").formParam("note", "closed in the Console")
                .post(base(id) + "/suspects/" + subId + "/decision")).then().statusCode(200)
                .body(containsString("closed in the Console"));
        keep(responder.htmx().formParam("decision", "KEEP").post(base(id) + "/suspects/not-an-id/decision")).then()
                .statusCode(400).body(containsString("<code>suspectId</code>"));
        // A viewer sees the decisions and may not make them.
        keep(viewer.request().get(audit)).then().body(containsString("DELETED")).body(containsString("KEPT"));
        viewer.htmx().formParam("decision", "KEEP").formParam("note", "x")
                .post(base(id) + "/suspects/" + subId + "/decision").then().statusCode(403);
        Incidents.events(id).body(containsString("suspect_decided"));
        // Once the incident is closed, its decisions are final and nothing is offered any more.
        Incidents.act(id, "close", Map.of("resolution", "FALSE_POSITIVE", "reason", "a test"), 200);
        keep(responder.htmx().formParam("decision", "KEEP").formParam("note", "again")
                .post(base(id) + "/suspects/" + subId + "/decision")).then().statusCode(409)
                .body(containsString("closed"));
        keep(responder.request().get(audit)).then().body(not(containsString("id=\"scan-suspects\"")))
                .body(not(containsString("suspect-keep")));
        assertSecretsShownOnlyOnce();
    }

    @Test
    void eachActionEnforcesItsRoleAndItsCsrfToken() {
        String id = openIncident();
        UiClient viewer = UiClient.signInAs("viewer");
        // A viewer reads the workflow but is offered no action, and any action is refused.
        keep(viewer.request().get(base(id))).then().statusCode(200).body(containsString("id=\"workflow\""))
                .body(not(containsString("id=\"acknowledge\""))).body(containsString("A responder acknowledges"));
        viewer.htmx().post(base(id) + "/acknowledge").then().statusCode(403).contentType(startsWith("text/html"));
        viewer.htmx().formParam("mode", "IMMEDIATE").post(base(id) + "/start").then().statusCode(403);
        viewer.htmx().formParam("name", "x").post(base(id) + "/consumers").then().statusCode(403);
        viewer.htmx().post(base(id) + "/contain").then().statusCode(403);
        assertThat(state(id)).isEqualTo("OPEN");
        // Not signed in: sent to sign in, and back here afterwards.
        io.restassured.RestAssured.given().redirects().follow(false).get(base(id)).then().statusCode(303)
                .header("Location", containsString("/ui/login?next="));
        io.restassured.RestAssured.given().redirects().follow(false).formParam("assignee", "x")
                .post(base(id) + "/acknowledge").then().statusCode(303).header("Location", startsWith("/ui/login"));
        // A responder without the CSRF token: refused, nothing changed.
        UiClient responder = UiClient.signInAs("responder");
        responder.request().header("HX-Request", "true").formParam("assignee", "mallory")
                .post(base(id) + "/acknowledge").then().statusCode(403).body(containsString("CSRF"));
        assertThat(state(id)).isEqualTo("OPEN");
        // A stale version names its problem and changes nothing.
        responder.htmx().formParam("version", "99").post(base(id) + "/acknowledge").then().statusCode(409)
                .header("HX-Retarget", "#flash");
        responder.htmx().formParam("version", "x").post(base(id) + "/acknowledge").then().statusCode(400)
                .body(containsString("version"));
        assertThat(state(id)).isEqualTo("OPEN");
        // Rotating before acknowledging is an illegal transition, shown in the flash area.
        responder.htmx().formParam("mode", "IMMEDIATE").post(base(id) + "/start").then().statusCode(409)
                .header("HX-Retarget", "#flash").body(containsString("acknowledge"));
        // The page has no inline script or style.
        String html = responder.request().get(base(id) + "?step=replace").asString();
        assertThat(html).doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain("style=\"");
        assertSecretsShownOnlyOnce();
    }

    /** The leaked secrets never appear; a minted one only in the single answer that showed it. */
    void assertSecretsShownOnlyOnce(String... shownOnce) {
        String stored = Db.dumpAllTables() + Logs.all();
        for (String s : new String[]{LEAKED, SECONDARY, ADMIN_TOKEN, LEAKED_KEY_SECRET, NEW_KEY_SECRET}) {
            assertThat(stored).as("stored or logged").doesNotContain(s);
        }
        String pages = seen.toString();
        for (String s : shownOnce) {
            assertThat(pages).as("shown exactly once").containsOnlyOnce(s);
        }
        for (String s : new String[]{LEAKED, LEAKED_KEY_SECRET, ADMIN_TOKEN}) {
            assertThat(pages).as("leaked secret shown").doesNotContain(s);
        }
    }
}
