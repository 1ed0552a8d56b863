package io.leakresponder.demo;

import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.postJson;
import static io.leakresponder.testsupport.Incidents.acknowledge;
import static io.leakresponder.testsupport.Incidents.path;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's walk through the demo: the seeded sample incidents, liveness against the simulator, the guided Auth
 * Token rotation through the real rotation API, and the usage audit of the compromised window.
 */
@QuarkusTest
@TestProfile(DemoTestProfile.class)
class DemoFlowTest {

    @Inject
    DemoSeeder seeder;

    final StringBuilder seen = new StringBuilder();

    Response keep(Response r) {
        seen.append(r.asString());
        return r;
    }

    /** The id of the seeded incident whose credential is of this kind and ends with this hint. */
    String incident(String kind, String hintEnd) {
        List<Map<String, Object>> items = asAdmin().get("/api/v1/incidents?size=50").then().statusCode(200)
                .extract().path("items");
        return items.stream().filter(i -> {
            Map<String, Object> c = (Map<String, Object>) i.get("credential");
            return kind.equals(c.get("kind")) && String.valueOf(c.get("hint")).endsWith(hintEnd);
        }).map(i -> (String) i.get("id")).findFirst().orElseThrow(() -> new AssertionError("no " + kind + " …"
                + hintEnd + " among " + items));
    }

    /** POSTs an action of the incident as the admin, keeping the answer for the secret checks; checks its status. */
    ValidatableResponse act(String id, String action, Object body, int status) {
        return keep(postJson(asAdmin(), path(id, "/" + action), body)).then().statusCode(status);
    }

    String verdict(String id) {
        return act(id, "liveness", null, 200).extract().path("verdict");
    }

    @Test
    void aNewcomerWalksTheRotationAndTheUsageAuditAgainstTheSimulator() throws Exception {
        seeder.seeded().get(60, TimeUnit.SECONDS);
        String live = incident("AUTH_TOKEN", "de11");
        String revoked = incident("AUTH_TOKEN", "de00");
        String key = incident("API_KEY", "l01");
        assertThat(verdict(live)).isEqualTo("LIVE");
        assertThat(verdict(revoked)).isEqualTo("NOT_LIVE");
        assertThat(verdict(key)).isEqualTo("LIVE");
        // The demo admin credential was registered for the account.
        asAdmin().get("/api/v1/accounts").then().body("accountSid", hasItem(DemoAccounts.ACCOUNT_SID));

        // Guided rotation: secondary token, promotion, the leaked token stops working.
        acknowledge(live);
        String secondary = act(live, "rotation", Map.of("mode", "ZERO_DOWNTIME"), 200)
                .body("status", equalTo("AWAITING_PROMOTE")).extract().path("newSecret");
        assertThat(secondary).matches("[0-9a-f]{32}").isNotEqualTo(DemoAccounts.LIVE_AUTH_TOKEN);
        act(live, "rotation/promote", null, 200);
        Incidents.awaitState(live, "CONTAINED", Duration.ofSeconds(60));
        assertThat(verdict(live)).isEqualTo("NOT_LIVE");

        // The attacker's key and subaccount show up in the suspects scan, read with the demo admin credential.
        act(live, "suspects/scan", null, 200).body("sid", hasItem(DemoAccounts.ROGUE_KEY_SID))
                .body("sid", hasItem(DemoAccounts.SUBACCOUNT_SID));

        // API key rotation with the demo admin credential: a new key, then the leaked one is deleted and dies.
        acknowledge(key);
        String newKeySecret = act(key, "rotation", null, 200).body("status", equalTo("AWAITING_DELETE")).extract()
                .path("newSecret");
        act(key, "rotation/delete-old-key", null, 200);
        Incidents.awaitState(key, "CONTAINED", Duration.ofSeconds(60));
        assertThat(verdict(key)).isEqualTo("NOT_LIVE");

        // Usage audit over the compromised window, read with the demo admin credential.
        Incidents.waiveConsumersAndRemediate(live, "demo");
        Incidents.act(live, "usage-audit", Map.of(), 202).body("accountSid", equalTo(DemoAccounts.ACCOUNT_SID));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> Incidents.read(live, "/usage-audit")
                .statusCode(200).body("verdict", equalTo("SUSPICIOUS")));
        keep(asAdmin().get(path(live, "/usage-audit"))).then()
                .body("counts.messagesWindow", greaterThan(20))
                .body("counts.messagesBaseline", greaterThan(0))
                .body("counts.monitorEvents", greaterThan(0))
                .body("messagesByCountry.country", hasItem("SO"))
                .body("accounts.sid", hasItem(DemoAccounts.SUBACCOUNT_SID));

        // Every dashboard page says it is a demo; none shows a secret.
        UiClient ui = UiClient.signInAs("admin");
        for (String page : new String[]{"/ui/incidents", "/ui/incidents/" + live, "/ui/incidents/" + live + "/rotation",
                "/ui/incidents/" + key + "/rotation", "/ui/incidents/" + live + "/usage"}) {
            String html = keep(ui.request().get(page)).then().statusCode(200).extract().asString();
            assertThat(html).as(page).contains("DEMO — simulated Twilio, fake credentials");
        }

        String logs = Logs.all();
        String stored = Db.dumpAllTables();
        String responses = seen.toString().replaceFirst(secondary, "<shown once>")
                .replaceFirst(newKeySecret, "<shown once>");
        for (String secret : List.of(DemoAccounts.LIVE_AUTH_TOKEN, DemoAccounts.REVOKED_AUTH_TOKEN,
                DemoAccounts.SUBACCOUNT_AUTH_TOKEN, DemoAccounts.LEAKED_KEY_SECRET, DemoAccounts.ADMIN_KEY_SECRET,
                DemoAccounts.ROGUE_KEY_SECRET, secondary, newKeySecret)) {
            assertThat(logs).as("log").doesNotContain(secret);
            assertThat(stored).as("database").doesNotContain(secret);
            assertThat(responses).as("responses and pages").doesNotContain(secret);
        }
    }

    @Test
    void theSimulatorRefusesWrongCredentialsAsTwilioDoes() {
        String path = "/demo/twilio/2010-04-01/Accounts/" + DemoAccounts.ACCOUNT_SID + ".json";
        for (var request : List.of(given(), given().auth().preemptive().basic(DemoAccounts.ACCOUNT_SID,
                "0000000000000000000000000000ffff"),
                given().auth().preemptive().basic(DemoAccounts.LEAKED_KEY_SID,
                        DemoAccounts.ADMIN_KEY_SECRET))) {
            request.header("X-Forwarded-Host", "api.twilio.com").get(path).then().statusCode(401)
                    .contentType(ContentType.JSON).body("code", equalTo(20003)).body("message", equalTo("Authenticate"))
                    .body("more_info", equalTo("https://www.twilio.com/docs/errors/20003"))
                    .body("status", equalTo(401));
        }
    }
}
