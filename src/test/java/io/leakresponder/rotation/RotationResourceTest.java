package io.leakresponder.rotation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.postJson;
import static io.leakresponder.testsupport.Api.tokenFor;
import static io.leakresponder.testsupport.Incidents.acknowledge;
import static io.leakresponder.testsupport.Incidents.act;
import static io.leakresponder.testsupport.Incidents.events;
import static io.leakresponder.testsupport.Incidents.path;
import static io.leakresponder.testsupport.Incidents.read;
import static io.leakresponder.testsupport.Incidents.registerAdminToken;
import static io.leakresponder.testsupport.Incidents.trackApiKey;
import static io.leakresponder.testsupport.Incidents.trackAuthToken;
import static io.leakresponder.testsupport.RotationFakes.ADMIN_TOKEN;
import static io.leakresponder.testsupport.RotationFakes.LEAKED_KEY_SECRET;
import static io.leakresponder.testsupport.RotationFakes.LEAKED_SK;
import static io.leakresponder.testsupport.RotationFakes.NEW_KEY_SECRET;
import static io.leakresponder.testsupport.RotationFakes.NEW_SK;
import static io.leakresponder.testsupport.RotationFakes.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RotationResourceTest {

    static final String AC = "AC5555666677778888999900001111aaaa";
    static final String LEAKED = "aaaa0000bbbb1111cccc2222dddd3333";
    static final String PROMOTED = "1234abcd1234abcd1234abcd1234abcd";

    final StringBuilder seen = new StringBuilder();

    WireMockServer mock() {
        return TwilioDouble.shared().server();
    }

    @BeforeEach
    void reset() {
        Db.reset();
        TwilioDouble.shared().reset();
    }

    void account(String token, int status) {
        String body = status == 200
                ? "{\"sid\":\"" + AC + "\",\"owner_account_sid\":\"" + AC + "\",\"friendly_name\":\"Prod\","
                        + "\"status\":\"active\",\"type\":\"Full\",\"auth_token\":\"" + token + "\"}"
                : "{\"code\":20003,\"message\":\"Authenticate\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}";
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + ".json")).withBasicAuth(AC, token)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    /**
     * Twilio's answer to creating a secondary token: a 201 only to the account's current Auth Token (the leaked one:
     * these tests register no admin credential); an outage (5xx) for any credential, as Twilio's outages are.
     */
    void secondary(int status) {
        mock().stubFor(byLeakedTokenIf(status < 300, post(urlPathEqualTo("/v1/AuthTokens/Secondary")))
                .willReturn(aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/json").withBody(status == 201
                                ? "{\"account_sid\":\"" + AC + "\",\"date_created\":\"2026-11-28T10:15:00Z\","
                                        + "\"date_updated\":\"2026-11-28T10:15:00Z\",\"secondary_auth_token\":\""
                                        + SECONDARY
                                        + "\",\"url\":\"https://accounts.twilio.com/v1/AuthTokens/Secondary\"}"
                                : "{\"code\":20500,\"message\":\"Internal\",\"status\":500}")));
    }

    /** Twilio's answer to promoting: a 200 only to the current Auth Token, as {@link #secondary}. */
    void promote(int status) {
        mock().stubFor(byLeakedTokenIf(status < 300, post(urlPathEqualTo("/v1/AuthTokens/Promote")))
                .willReturn(aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/json").withBody(status == 200
                                ? "{\"account_sid\":\"" + AC + "\",\"auth_token\":\"" + SECONDARY
                                        + "\",\"date_created\":"
                                        + "\"2015-07-30T20:00:00Z\",\"date_updated\":\"2026-11-28T10:20:00Z\","
                                        + "\"url\":\"https://accounts.twilio.com/v1/AuthTokens\"}"
                                : "{\"code\":20500,\"message\":\"Internal\",\"status\":500}")));
    }

    static MappingBuilder byLeakedTokenIf(boolean success, MappingBuilder stub) {
        return success ? stub.withBasicAuth(AC, LEAKED) : stub;
    }

    Response keep(Response r) {
        seen.append(r.asString());
        return r;
    }

    /**
     * A token of its own for each tracked check: ad-hoc checks are rate-limited per token, and the bootstrap admin's
     * budget is shared by every test class of the run.
     */
    static String trackingToken() {
        return tokenFor("responder");
    }

    /** An acknowledged incident for the leaked Auth Token. */
    String acknowledgedIncident() {
        account(LEAKED, 200);
        String id = trackAuthToken(as(trackingToken()), AC, LEAKED);
        acknowledge(id);
        return id;
    }

    /** An acknowledged incident for the leaked API key; the caller stubs Twilio's answers to the key first. */
    String acknowledgedKeyIncident() {
        String id = trackApiKey(as(trackingToken()), AC, LEAKED_SK, LEAKED_KEY_SECRET);
        acknowledge(id);
        return id;
    }

    /** POSTs to the incident's rotation ("" starts it, "/promote" a step), keeping the answer for the secret checks. */
    ValidatableResponse rotation(String id, String step, Object body, int status) {
        return keep(postJson(asAdmin(), path(id, "/rotation" + step), body)).then().statusCode(status);
    }

    void awaitContained(String id) {
        Incidents.awaitState(id, "CONTAINED", Duration.ofSeconds(30));
    }

    void assertNoSecretLeaked(String... shownOnce) {
        String everything = Db.dumpAllTables() + Logs.all();
        for (String s : new String[]{LEAKED, SECONDARY, PROMOTED, ADMIN_TOKEN, LEAKED_KEY_SECRET, NEW_KEY_SECRET}) {
            assertThat(everything).as("stored or logged").doesNotContain(s);
        }
        String responses = seen.toString();
        for (String s : shownOnce) {
            responses = responses.replaceFirst(s, "<shown once>");
        }
        for (String s : new String[]{LEAKED, SECONDARY, PROMOTED, ADMIN_TOKEN, LEAKED_KEY_SECRET, NEW_KEY_SECRET}) {
            assertThat(responses).as("shown more than once").doesNotContain(s);
        }
    }

    @Test
    void zeroDowntimeRotationFromSecondaryToContained() {
        String id = acknowledgedIncident();
        secondary(201);
        rotation(id, "", Map.of("mode", "ZERO_DOWNTIME"), 200).body("status", equalTo("AWAITING_PROMOTE"))
                .body("newSecret", equalTo(SECONDARY)).body("newSecretKept", equalTo(false))
                .body("runbook", containsString("#zero-downtime-rotation"));
        // The secret is shown once: the rotation's own view does not carry it.
        keep(asAdmin().get(path(id, "/rotation"))).then().body("newSecret", nullValue())
                .body("newSecretHint", equalTo("…9999"));
        promote(200);
        account(LEAKED, 401); // promoting made the leaked token stop working
        rotation(id, "/promote", null, 200).body("newSecret", nullValue())
                .body("status", equalTo("AWAITING_CONFIRMATION"));
        awaitContained(id);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> read(id, "/rotation").body("status", equalTo("CONFIRMED")));
        events(id).body("action", hasItem("secondary_token_created"))
                .body("action", hasItem("secondary_token_promoted")).body("action", hasItem("rotation_confirmed"));
        mock().verify(1, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Secondary")));
        mock().verify(1, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Promote")));
        assertNoSecretLeaked(SECONDARY);
    }

    @Test
    void promotingASecondaryThisRotationDidNotMakeIsRaisedAsATakeover() {
        String id = acknowledgedIncident();
        secondary(201);
        rotation(id, "", Map.of("mode", "ZERO_DOWNTIME"), 200);
        // Twilio answers the promotion with a token that is not our secondary.
        mock().stubFor(post(urlPathEqualTo("/v1/AuthTokens/Promote")).withBasicAuth(AC, LEAKED)
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"account_sid\":\"" + AC + "\","
                                + "\"auth_token\":\"" + PROMOTED + "\",\"date_updated\":\"2026-11-28T10:20:00Z\"}")));
        rotation(id, "/promote", null, 409).body("type", containsString("promoted-unknown-secondary"));
        read(id, "/rotation").body("status", equalTo("FAILED"));
        events(id).body("action", hasItem("promoted_unknown_secondary"));
        assertNoSecretLeaked(SECONDARY);
    }

    @Test
    void immediateRotationKeepsTheNewTokenOnlyWhenAsked() {
        String id = acknowledgedIncident();
        secondary(201);
        promote(200);
        rotation(id, "", Map.of("mode", "IMMEDIATE", "keepNewSecret", true), 200)
                .body("newSecret", equalTo(SECONDARY)).body("newSecretKept", equalTo(true));
        account(LEAKED, 401); // the promotion made the leaked token stop working
        awaitContained(id);
        assertThat(Db.count("SELECT count(*) FROM rotation WHERE new_secret_ciphertext IS NOT NULL")).isEqualTo(1);
        assertNoSecretLeaked(SECONDARY);
    }

    @Test
    void aTokenOfTheIe1RegionIsRotatedOnThatRegionsHosts() {
        String dublin = "api.dublin.ie1.twilio.com";
        String refused = "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}";
        // Twilio's other regions do not know the token; IE1 does.
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + ".json")).atPriority(9)
                .willReturn(
                        aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(refused)));
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + ".json")).atPriority(2)
                .withHeader("X-Forwarded-Host", com.github.tomakehurst.wiremock.client.WireMock.equalTo(dublin))
                .withBasicAuth(AC, LEAKED).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"" + AC
                                + "\",\"owner_account_sid\":\"" + AC + "\",\"status\":\"active\",\"type\":\"Full\","
                                + "\"friendly_name\":\"Dublin\",\"auth_token\":\"" + LEAKED + "\"}")));
        String id = Incidents.track(as(trackingToken()), Map.of("accountSid", AC, "authToken", LEAKED))
                .body("result.region", equalTo("IE1")).extract().path("incidentId");
        acknowledge(id);
        String accountsDublin = "accounts.dublin.ie1.twilio.com";
        mock().stubFor(post(urlPathEqualTo("/v1/AuthTokens/Secondary")).withBasicAuth(AC, LEAKED)
                .withHeader("X-Forwarded-Host", com.github.tomakehurst.wiremock.client.WireMock.equalTo(accountsDublin))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(
                        "{\"account_sid\":\"" + AC + "\",\"secondary_auth_token\":\"" + SECONDARY + "\"}")));
        mock().stubFor(post(urlPathEqualTo("/v1/AuthTokens/Promote")).withBasicAuth(AC, LEAKED)
                .withHeader("X-Forwarded-Host", com.github.tomakehurst.wiremock.client.WireMock.equalTo(accountsDublin))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"account_sid\":\"" + AC + "\",\"auth_token\":\"" + SECONDARY + "\"}")));

        rotation(id, "", Map.of("mode", "IMMEDIATE"), 200);
        // Promoted: IE1 refuses the leaked token now too.
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + ".json")).atPriority(1)
                .willReturn(
                        aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(refused)));
        awaitContained(id);
        mock().verify(1, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Promote"))
                .withHeader("X-Forwarded-Host",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(accountsDublin)));
        mock().verify(0, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Promote"))
                .withHeader("X-Forwarded-Host",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("accounts.twilio.com")));
        assertNoSecretLeaked(SECONDARY);
    }

    @Test
    void aSecondaryTokenInDoubtIsReplacedNotDuplicated() {
        String id = acknowledgedIncident();
        secondary(500); // the call may or may not have created one
        rotation(id, "", Map.of("mode", "ZERO_DOWNTIME"), 502).contentType("application/problem+json")
                .body("type", containsString("step-in-doubt"));
        read(id, "/rotation").body("status", equalTo("IN_DOUBT")).body("steps[0].status", equalTo("UNKNOWN"));
        // A second start is refused while one is in doubt.
        act(id, "rotation", Map.of("mode", "ZERO_DOWNTIME"), 409);
        secondary(201);
        mock().stubFor(delete(urlPathEqualTo("/v1/AuthTokens/Secondary")).withBasicAuth(AC, LEAKED)
                .willReturn(aResponse().withStatus(204)));
        rotation(id, "/resume", null, 200).body("status", equalTo("AWAITING_PROMOTE"))
                .body("newSecret", equalTo(SECONDARY));
        // The doubtful secondary was discarded before a new one was made: never two.
        mock().verify(1, deleteRequestedFor(urlPathEqualTo("/v1/AuthTokens/Secondary")));
        mock().verify(2, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Secondary")));
        read(id, "/rotation").body("steps.status", hasItem("RECONCILED"));
    }

    @Test
    void aPromotionInDoubtIsNotRepeatedWhenItTookEffect() {
        String id = acknowledgedIncident();
        secondary(201);
        rotation(id, "", Map.of("mode", "ZERO_DOWNTIME"), 200);
        promote(500);
        account(LEAKED, 401); // ...but it did take effect: the leaked token is dead
        act(id, "rotation/promote", 502);
        rotation(id, "/resume", null, 200).body("status", equalTo("AWAITING_CONFIRMATION"));
        mock().verify(1, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Promote")));
        awaitContained(id);
        assertNoSecretLeaked(SECONDARY);
    }

    @Test
    void aServiceThatDiedDuringPromotionResumesWithoutPromotingTwice() {
        String id = acknowledgedIncident();
        secondary(201);
        rotation(id, "", Map.of("mode", "ZERO_DOWNTIME"), 200);
        // The service died after recording "promote: STARTED" and before recording its outcome.
        String rotation = read(id, "/rotation").extract().path("id");
        Db.exec("INSERT INTO rotation_step (id, rotation_id, step, idempotency_key, status, started_at) VALUES ("
                + "gen_random_uuid(), '" + rotation + "', 'promote-secondary-token', '" + rotation
                + ":promote-secondary-token:1', 'STARTED', now() - interval '10 minutes')");
        Db.exec("UPDATE rotation SET status = 'IN_DOUBT' WHERE id = '" + rotation + "'");
        read(id, "/rotation").body("status", equalTo("IN_DOUBT")).body("steps.status", hasItem("STARTED"));
        // A second rotation cannot start, and promote is refused, while the step is in doubt.
        act(id, "rotation/promote", 409);
        // It had taken effect: the leaked token no longer works.
        account(LEAKED, 401);
        rotation(id, "/resume", null, 200).body("status", equalTo("AWAITING_CONFIRMATION"));
        mock().verify(0, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Promote")));
        awaitContained(id);
        read(id, "/rotation").body("steps.status", hasItem("RECONCILED"));
    }

    @Test
    void rotatedOutsideTheWorkflowContinuesAsManual() {
        String id = acknowledgedIncident();
        account(LEAKED, 401);
        act(id, "rotation", Map.of("mode", "IMMEDIATE"), 200).body("mode", equalTo("MANUAL"))
                .body("message", containsString("outside the workflow"));
        awaitContained(id);
        mock().verify(0, postRequestedFor(urlPathEqualTo("/v1/AuthTokens/Secondary")));
        events(id).body("action", hasItem("rotated_outside_workflow"));
    }

    @Test
    void aKeyThatIsNotInItsPairedAccountIsNeverContainedOnThe404() {
        // The finding paired the key with AC, but it belongs to another account: AC's paths refuse it everywhere,
        // Verify (the key alone) accepts it, and deleting it in AC answers 404.
        String own = "AC" + "0ddba11".repeat(4) + "0ddb";
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Messages.json")).atPriority(1)
                .withBasicAuth(LEAKED_SK, LEAKED_KEY_SECRET).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\":[],\"next_page_uri\":null}")));
        account(LEAKED, 200);
        String id = acknowledgedKeyIncident();
        account(ADMIN_TOKEN, 200);
        registerAdminToken(AC, ADMIN_TOKEN);
        mock().stubFor(post(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys.json")).withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + NEW_SK + "\",\"friendly_name\":\"r\",\"date_created\":"
                                + "\"Sat, 28 Nov 2026 10:30:00 +0000\",\"date_updated\":\"Sat, 28 Nov 2026 10:30:00 "
                                + "+0000\",\"secret\":\"" + NEW_KEY_SECRET + "\"}")));
        rotation(id, "", null, 200).body("status", equalTo("AWAITING_DELETE"));
        String refused = "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}";
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Messages.json")).atPriority(0)
                .withBasicAuth(LEAKED_SK, LEAKED_KEY_SECRET).willReturn(aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json").withBody(refused)));
        mock().stubFor(get(urlPathEqualTo("/v2/Services")).withBasicAuth(LEAKED_SK, LEAKED_KEY_SECRET).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"services\":[{\"sid\":\"VA" + "0ddba11".repeat(4) + "0ddb\",\"account_sid\":\"" + own
                                + "\",\"friendly_name\":\"x\"}],\"meta\":{\"page\":0,\"page_size\":1,"
                                + "\"next_page_url\":null,\"key\":\"services\"}}")));
        mock().stubFor(delete(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys/" + LEAKED_SK + ".json"))
                .withBasicAuth(AC, ADMIN_TOKEN).willReturn(aResponse().withStatus(404)
                        .withHeader("Content-Type", "application/json").withBody("{\"code\":20404,\"message\":"
                                + "\"The requested resource was not found\",\"status\":404}")));

        rotation(id, "/delete-old-key", null, 200).body("message", containsString("Twilio has no key " + LEAKED_SK));

        // The confirmation checks find the key still working (on its own account) and give up; nothing is contained.
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> events(id).body("action", hasItem("rotation_not_confirmed")));
        read(id, "").body("state", equalTo("ACKNOWLEDGED")).body("liveness.lastVerdict", equalTo("LIVE"));
        events(id).body("action", hasItem("leaked_key_not_found"))
                .body("action", org.hamcrest.Matchers.not(hasItem("leaked_key_deleted")));
        assertNoSecretLeaked(NEW_KEY_SECRET);
    }

    @Test
    void apiKeyRotationNeedsARegisteredAdminCredential() {
        // A leaked API key with its account: MAIN key (both reads answer 200).
        mock().stubFor(get(urlPathMatching("/2010-04-01/Accounts/" + AC + "/Messages.json"))
                .withBasicAuth(LEAKED_SK, LEAKED_KEY_SECRET).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\":[],\"next_page_uri\":null}")));
        account(LEAKED, 200);
        String id = acknowledgedKeyIncident();
        rotation(id, "", null, 409).body("detail", containsString("Main API key or the account's Auth Token"));

        account(ADMIN_TOKEN, 200);
        Map<String, Object> credential = Map.of("accountSid", AC, "authToken", ADMIN_TOKEN, "label", "prod admin");
        keep(postJson(asAdmin(), "/api/v1/accounts", credential)).then().statusCode(201).body("hint", equalTo("…aaaa"));
        mock().stubFor(post(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys.json")).withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + NEW_SK + "\",\"friendly_name\":\"r\",\"date_created\":"
                                + "\"Sat, 28 Nov 2026 10:30:00 +0000\",\"date_updated\":\"Sat, 28 Nov 2026 10:30:00 "
                                + "+0000\",\"secret\":\"" + NEW_KEY_SECRET + "\"}")));
        mock().stubFor(delete(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys/" + LEAKED_SK + ".json"))
                .withBasicAuth(AC, ADMIN_TOKEN).willReturn(aResponse().withStatus(204)));
        rotation(id, "", null, 200).body("status", equalTo("AWAITING_DELETE")).body("newKeySid", equalTo(NEW_SK))
                .body("newSecret", equalTo(NEW_KEY_SECRET));
        // Deleted: the leaked key stops answering.
        mock().stubFor(get(urlPathMatching("/2010-04-01/Accounts/" + AC + "/Messages.json"))
                .withBasicAuth(LEAKED_SK, LEAKED_KEY_SECRET).atPriority(1).willReturn(aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20003,\"message\":\"Authenticate\","
                                + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}")));
        // ... and the key-only check (Verify, no account in the path) refuses it too: it is gone, not mispaired.
        mock().stubFor(get(urlPathEqualTo("/v2/Services")).withBasicAuth(LEAKED_SK, LEAKED_KEY_SECRET).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20003,\"message\":\"Authenticate\","
                                + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}")));
        rotation(id, "/delete-old-key", null, 200).body("status", equalTo("AWAITING_CONFIRMATION"));
        awaitContained(id);
        mock().verify(1, deleteRequestedFor(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys/" + LEAKED_SK
                + ".json")));
        assertNoSecretLeaked(NEW_KEY_SECRET);
    }

    @Test
    void keysAndSubaccountsMadeDuringTheExposureAreReviewed() {
        String id = acknowledgedIncident();
        account(LEAKED, 401);
        act(id, "contain", 200);
        act(id, "suspects/scan", 409).body("detail", containsString("admin credential"));
        account(ADMIN_TOKEN, 200);
        registerAdminToken(AC, ADMIN_TOKEN);
        String evilKey = "SK" + "0badbad0".repeat(4);
        String oldKey = "SK00000000000000000000000000000001";
        String evilSub = "AC" + "0badbad0".repeat(4);
        // Made after the leak was first seen (the exposure start is when this test tracked the token).
        String soon = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '+0000'",
                java.util.Locale.US).format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1));
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys.json")).withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"keys\":[{\"sid\":\"" + evilKey + "\",\"friendly_name\":\"backup\",\"date_created\":"
                                + "\"" + soon + "\"},{\"sid\":\"" + oldKey + "\",\"friendly_name\":"
                                + "\"ci\",\"date_created\":\"Mon, 01 Jan 2018 00:00:00 +0000\"}],\"next_page_uri\":null,"
                                + "\"page\":0,\"page_size\":1000}")));
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts.json")).withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"accounts\":[{\"sid\":\"" + evilSub + "\",\"owner_account_sid\":\"" + AC + "\","
                                + "\"status\":\"active\",\"type\":\"Full\",\"friendly_name\":\"x\",\"auth_token\":"
                                + "\"" + SECONDARY + "\",\"date_created\":\"" + soon + "\"}],"
                                + "\"next_page_uri\":null,\"page\":0,\"page_size\":1000}")));
        // The IAM API lists the same standard key again and a restricted key (made only there) without a creation
        // date; the signing keys include one made during the exposure.
        String restrictedKey = "SK" + "0badcafe".repeat(4);
        String signingKey = "SK" + "5160a11e".repeat(4);
        String soonIso = java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                java.time.Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        mock().stubFor(get(urlPathEqualTo("/v1/Keys"))
                .withQueryParam("AccountSid", com.github.tomakehurst.wiremock.client.WireMock.equalTo(AC))
                .withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"keys\":[{\"sid\":\"" + evilKey + "\",\"friendly_name\":\"backup\",\"date_created\":\""
                                + soonIso + "\",\"date_updated\":null,\"flags\":[]},{\"sid\":\"" + restrictedKey
                                + "\",\"friendly_name\":\"scoped\",\"date_created\":null,\"date_updated\":null,"
                                + "\"flags\":[]}],\"meta\":{\"page\":0,\"page_size\":1000,\"first_page_url\":null,"
                                + "\"previous_page_url\":null,\"url\":\"https://iam.twilio.com/v1/Keys\","
                                + "\"next_page_url\":null,\"key\":\"keys\"}}")));
        mock().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/SigningKeys.json"))
                .withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"signing_keys\":[{\"sid\":\"" + signingKey + "\",\"friendly_name\":\"tokens\","
                                + "\"date_created\":\"" + soon + "\",\"date_updated\":\"" + soon + "\"}],"
                                + "\"next_page_uri\":null,\"page\":0,\"page_size\":1000,\"uri\":\"/2010-04-01/"
                                + "Accounts/" + AC + "/SigningKeys.json\"}")));
        java.util.List<Map<String, Object>> found = keep(postJson(asAdmin(), path(id, "/suspects/scan"), null)).then()
                .statusCode(200).extract().path("$");
        assertThat(found).extracting(f -> f.get("sid")).containsExactlyInAnyOrder(evilKey, evilSub, restrictedKey,
                signingKey);
        assertThat(found).filteredOn(f -> restrictedKey.equals(f.get("sid"))).extracting(f -> f.get("kind"))
                .containsExactly("RESTRICTED_KEY");
        assertThat(found).filteredOn(f -> signingKey.equals(f.get("sid"))).extracting(f -> f.get("kind"))
                .containsExactly("SIGNING_KEY");
        String restrictedId = (String) found.stream().filter(f -> restrictedKey.equals(f.get("sid"))).findFirst()
                .orElseThrow().get("id");
        // A restricted key is deleted where it was made: the IAM API.
        mock().stubFor(delete(urlPathEqualTo("/v1/Keys/" + restrictedKey)).withBasicAuth(AC, ADMIN_TOKEN)
                .willReturn(aResponse().withStatus(204)));
        decide(id, restrictedId, Map.of("decision", "DELETE"), 200).body("decision", equalTo("DELETED"));
        mock().verify(1, deleteRequestedFor(urlPathEqualTo("/v1/Keys/" + restrictedKey)));
        String keyId = (String) found.stream().filter(f -> evilKey.equals(f.get("sid"))).findFirst().orElseThrow()
                .get("id");
        String subId = (String) found.stream().filter(f -> evilSub.equals(f.get("sid"))).findFirst().orElseThrow()
                .get("id");
        mock().stubFor(delete(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys/" + evilKey + ".json"))
                .withBasicAuth(AC, ADMIN_TOKEN).willReturn(aResponse().withStatus(204)));
        decide(id, keyId, Map.of("decision", "DELETE"), 200).body("decision", equalTo("DELETED"));
        decide(id, subId, Map.of("decision", "KEEP"), 400).body("field", equalTo("note"));
        decide(id, subId, Map.of("decision", "KEEP", "note", "closed in the Console"), 200)
                .body("decision", equalTo("KEPT"));
        mock().verify(1,
                deleteRequestedFor(urlPathEqualTo("/2010-04-01/Accounts/" + AC + "/Keys/" + evilKey + ".json")));
        events(id).body("action", hasItem("suspect_decided"));
        assertNoSecretLeaked();
    }

    static ValidatableResponse decide(String id, String suspect, Map<String, Object> decision, int status) {
        return act(id, "suspects/" + suspect + "/decision", decision, status);
    }

    @Test
    void rotationNeedsAnAcknowledgedIncidentAndAKnownMode() {
        account(LEAKED, 200);
        String id = trackAuthToken(as(trackingToken()), AC, LEAKED);
        act(id, "rotation", 409).body("detail", containsString("acknowledge"));
        acknowledge(id);
        act(id, "rotation", Map.of("mode", "SIDEWAYS"), 400).body("field", equalTo("mode"));
        postJson(as(tokenFor("viewer")), path(id, "/rotation"), null, 403);
    }
}
