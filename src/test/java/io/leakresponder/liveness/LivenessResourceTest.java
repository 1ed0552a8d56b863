package io.leakresponder.liveness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.postJson;
import static io.leakresponder.testsupport.Api.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LivenessResourceTest {

    static final String AC = "AC0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String TOKEN = "9876543210fedcba9876543210fedcba";
    static final String SK = "SK00112233445566778899aabbccddeeff";
    static final String KEY_SECRET = "Qw3rTy12Qw3rTy12Qw3rTy12Qw3rTy12";
    static final String LIVENESS = "/api/v1/liveness";
    static final Map<String, Object> CREDENTIAL = Map.of("accountSid", AC, "authToken", TOKEN);

    @BeforeEach
    void reset() {
        Db.reset();
        TwilioDouble.shared().reset();
    }

    static void stubAccount(String ac, int status) {
        TwilioDouble.shared().accountAnswers(ac, TOKEN, status, "Acme prod");
    }

    static String accountBody(String ac, String status) {
        return "{\"sid\":\"" + ac + "\",\"owner_account_sid\":\"" + ac + "\",\"friendly_name\":\"Acme prod\","
                + "\"status\":\"" + status + "\",\"type\":\"Full\",\"auth_token\":\"" + TOKEN + "\"}";
    }

    static com.github.tomakehurst.wiremock.matching.StringValuePattern equalToHeader(String value) {
        return com.github.tomakehurst.wiremock.client.WireMock.equalTo(value);
    }

    /** Twilio's answer to a credential it does not know on that host: what every other region says too. */
    static void refuseUnknownCredentials(int priority) {
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + ".json")).atPriority(priority)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                                + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}")));
    }

    @Test
    void aTokenOfTheIe1RegionIsLiveThereAndLaterChecksAskThereFirst() {
        refuseUnknownCredentials(10);
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + ".json")).atPriority(1)
                .withHeader("X-Forwarded-Host", equalToHeader("api.dublin.ie1.twilio.com")).withBasicAuth(AC, TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(accountBody(AC, "active"))));
        // A token of its own: ad-hoc checks are rate-limited per token, and the bootstrap admin's budget is shared.
        String incident = Incidents.track(as(tokenFor("responder")), CREDENTIAL).body("result.verdict", equalTo("LIVE"))
                .body("result.region", equalTo("IE1")).extract().path("incidentId");
        Incidents.read(incident, "/liveness").body("checks[0].verdict", equalTo("LIVE"))
                .body("checks[0].region", equalTo("ie1"));
        assertThat(Db.string("SELECT twilio_region FROM credential WHERE account_sid = '" + AC + "'"))
                .isEqualTo("ie1");

        TwilioDouble.shared().server().resetRequests();
        Incidents.act(incident, "liveness", 200).body("verdict", equalTo("LIVE"));
        // The region it works in is asked first: one request, to the Dublin edge.
        assertThat(TwilioDouble.shared().server().findAll(anyRequestedFor(anyUrl())))
                .extracting(r -> r.getHeader("X-Forwarded-Host")).containsExactly("api.dublin.ie1.twilio.com");
    }

    @Test
    void aRefusalOfAnAccountLastSeenSuspendedIsIndeterminateNotRevoked() {
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + ".json")).atPriority(5)
                .withBasicAuth(AC, TOKEN).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(accountBody(AC, "suspended"))));
        // A token of its own: ad-hoc checks are rate-limited per token, and the bootstrap admin's budget is shared.
        String incident = Incidents.track(as(tokenFor("responder")), CREDENTIAL).body("result.verdict", equalTo("LIVE"))
                .body("result.accountStatus", equalTo("SUSPENDED")).extract().path("incidentId");
        // Now Twilio refuses it everywhere, as it refuses every credential of a suspended account.
        refuseUnknownCredentials(1);

        Incidents.act(incident, "liveness", 200).body("verdict", equalTo("INDETERMINATE"))
                .body("reason", containsString("was last seen suspended"));
        Incidents.read(incident, "").body("liveness.lastVerdict", equalTo("INDETERMINATE"))
                .body("severity", equalTo("CRITICAL"));
    }

    @Test
    void adHocCheckAnswersAndStoresNothingButTheAudit() {
        stubAccount(AC, 200);
        String responder = tokenFor("responder");
        String answer = postJson(as(responder), LIVENESS, CREDENTIAL, 200)
                .body("result.verdict", equalTo("LIVE"))
                .body("result.accountStatus", equalTo("ACTIVE"))
                .body("result.accountType", equalTo("FULL"))
                .body("result.subaccount", equalTo(false))
                .body("result.friendlyName", equalTo("Acme prod"))
                .body("tracked", equalTo(false)).body("incidentId", nullValue())
                .extract().asString();
        assertThat(answer).doesNotContain(TOKEN);
        assertThat(Db.count("SELECT count(*) FROM credential")).isZero();
        assertThat(Db.count("SELECT count(*) FROM liveness_audit WHERE verdict = 'LIVE' AND NOT tracked "
                + "AND account_sid = '" + AC + "' AND actor LIKE 'test responder%'")).isEqualTo(1);
        assertThat(Db.dumpAllTables()).doesNotContain(TOKEN);
        assertThat(Logs.all()).doesNotContain(TOKEN);
        // Checks are read-only: Twilio saw nothing but GETs.
        assertThat(TwilioDouble.shared().server().findAll(anyRequestedFor(anyUrl())))
                .allMatch(r -> RequestMethod.GET.equals(r.getMethod()));
    }

    @Test
    void trackedCheckOpensACriticalIncidentWithTheCheckRecorded() {
        stubAccount(AC, 200);
        String incident = Incidents.track(asAdmin(), CREDENTIAL).body("tracked", equalTo(true))
                .body("incidentId", notNullValue()).extract().path("incidentId");
        Incidents.read(incident, "").statusCode(200)
                .body("severity", equalTo("CRITICAL"))
                .body("liveness.lastVerdict", equalTo("LIVE"))
                .body("credential.hint", equalTo("…dcba"));
        List<String> actions = Incidents.events(incident).extract().path("action");
        assertThat(actions).contains("opened", "liveness_checked", "severity_changed");
        Incidents.read(incident, "/events/verify").body("valid", equalTo(true));
    }

    @Test
    void ingestedCredentialIsCheckedInTheBackgroundAndSeverityFollows() {
        stubAccount(Fixtures.ACCOUNT_SID, 401);
        asAdmin().body(Fixtures.bytes("ingest/trufflehog/report.jsonl")).post("/api/v1/findings").then()
                .statusCode(200);
        String id = asAdmin().get("/api/v1/incidents").then()
                .extract().path("items.find { it.credential.hint == '…cdef' }.id");
        assertThat(id).isNotNull();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Incidents.read(id, "")
                .body("liveness.lastVerdict", equalTo("NOT_LIVE")).body("severity", equalTo("LOW")));
        Incidents.read(id, "/liveness").statusCode(200)
                .body("checks[0].verdict", equalTo("NOT_LIVE")).body("checks[0].trigger", equalTo("INGEST"))
                .body("checks[0].httpStatus", equalTo(401)).body("checks[0].twilioErrorCode", equalTo(20003))
                .body("status.nextCheckAt", notNullValue());
    }

    @Test
    void aCredentialThatStopsWorkingRecordsWhen() {
        stubAccount(AC, 200);
        String incident = Incidents.trackAuthToken(AC, TOKEN);
        TwilioDouble.shared().reset();
        stubAccount(AC, 401);
        asAdmin().post("/api/v1/incidents/" + incident + "/liveness").then().statusCode(200)
                .body("verdict", equalTo("NOT_LIVE")).body("reason", notNullValue());
        Incidents.read(incident, "/liveness").body("status.stoppedWorkingAt", notNullValue())
                .body("status.lastLiveAt", notNullValue())
                .body("status.lastVerdict", equalTo("NOT_LIVE"));
        List<String> actions = Incidents.events(incident).extract().path("action");
        assertThat(actions).contains("credential_stopped_working");
        Incidents.read(incident, "").body("severity", equalTo("LOW"));
    }

    @Test
    void outagesAreIndeterminateNeverNotLive() {
        // The default mock answers 503 to everything.
        postJson(LIVENESS, Map.of("apiKeySid", SK, "apiKeySecret", KEY_SECRET), 200)
                .body("result.verdict", equalTo("INDETERMINATE"));
    }

    @Test
    void badRequestsNameTheFieldAndNeverEchoTheSecret() {
        String responder = tokenFor("responder");
        postJson(as(responder), LIVENESS, Map.of("authToken", TOKEN), 400).contentType("application/problem+json")
                .body("field", equalTo("accountSid"));
        String bad = postJson(as(responder), LIVENESS, Map.of("accountSid", AC, "authToken", TOKEN + "zz"), 400)
                .body("field", equalTo("authToken")).extract().asString();
        assertThat(bad).doesNotContain(TOKEN);
        postJson(as(responder), LIVENESS, Map.of("accountSid", AC, "authToken", TOKEN, "apiKeySid", SK), 400);
        postJson(as(responder), LIVENESS, Map.of("apiKeySid", "SKnope", "apiKeySecret", KEY_SECRET), 400)
                .body("field", equalTo("apiKeySid"));
        postJson(as(tokenFor("viewer")), LIVENESS, CREDENTIAL, 403);
        postJson(as(tokenFor("ingest")), LIVENESS, CREDENTIAL, 403);
        assertThat(Db.count("SELECT count(*) FROM liveness_audit")).isZero();
    }

    @Test
    void checksAreRateLimitedPerToken() {
        stubAccount(AC, 401);
        String responder = tokenFor("responder");
        for (int i = 0; i < 30; i++) {
            postJson(as(responder), LIVENESS, CREDENTIAL, 200);
        }
        postJson(as(responder), LIVENESS, CREDENTIAL, 429).contentType("application/problem+json")
                .body("detail", containsString("retry in"));
        // Another token has its own budget.
        postJson(as(tokenFor("responder")), LIVENESS, CREDENTIAL, 200);
    }

    @Test
    void jobsAreVisible() {
        asAdmin().get("/api/v1/jobs").then().statusCode(200);
        asAdmin().queryParam("state", "nope").get("/api/v1/jobs").then().statusCode(400)
                .body("field", equalTo("state"));
        as(tokenFor("viewer")).get("/api/v1/jobs").then().statusCode(403);
    }
}
