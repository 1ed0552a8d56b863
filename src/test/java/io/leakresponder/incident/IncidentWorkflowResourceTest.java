package io.leakresponder.incident;

import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.postJson;
import static io.leakresponder.testsupport.Api.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentWorkflowResourceTest {

    static final String AC = "ACabcdefabcdefabcdefabcdefabcdef01";
    static final String TOKEN = "1111222233334444aaaabbbbccccdddd";

    final StringBuilder seen = new StringBuilder();

    @BeforeEach
    void reset() {
        Db.reset();
        TwilioDouble.shared().reset();
    }

    static void twilioSays(int status) {
        TwilioDouble.shared().reset();
        TwilioDouble.shared().accountAnswers(AC, TOKEN, status, "Prod");
    }

    /** Opens an incident for the test credential through a tracked liveness check. */
    String openIncident() {
        ExtractableResponse<Response> tracked = Incidents.track(asAdmin(), Map.of("accountSid", AC, "authToken", TOKEN))
                .extract();
        seen.append(tracked.asString());
        return tracked.path("incidentId");
    }

    Response record(Response r) {
        seen.append(r.asString());
        return r;
    }

    Response act(String token, String incident, String action, Object body) {
        return record(postJson(as(token), Incidents.path(incident, "/" + action), body));
    }

    @Test
    void theWholeWorkflowFromLeakToClosedWithEvidence() {
        twilioSays(200);
        String responder = tokenFor("responder");
        String id = openIncident();

        act(responder, id, "acknowledge", Map.of("assignee", "alice")).then().statusCode(200)
                .body("state", equalTo("ACKNOWLEDGED")).body("runbook", containsString("twilio-auth-token-leak.md#"));
        List<Map<String, Object>> ledger = as(responder).get("/api/v1/incidents/" + id + "/consumers").then()
                .statusCode(200).extract().path("$");
        assertThat(ledger).extracting(c -> c.get("kind")).contains("WEBHOOK_VALIDATOR");

        // Still live: containment is refused and nothing changes.
        act(responder, id, "contain", null).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("LIVE"));
        twilioSays(401);
        act(responder, id, "contain", null).then().statusCode(200).body("state", equalTo("CONTAINED"));

        String added = act(responder, id, "consumers", Map.of("name", "billing-api", "kind", "SERVICE",
                "owner", "team-billing")).then().statusCode(201).extract().path("id");
        act(responder, id, "remediate", null).then().statusCode(409).body("detail", containsString("PENDING"));
        act(responder, id, "consumers/" + added + "/replaced", Map.of("note", "redeployed with the new token"))
                .then().statusCode(200).body("status", equalTo("REPLACED"));
        act(responder, id, "consumers/" + added + "/replaced", Map.of("note", "again")).then().statusCode(409);
        for (Map<String, Object> c : ledger) {
            act(responder, id, "consumers/" + c.get("id") + "/waived", Map.of()).then().statusCode(400)
                    .body("field", equalTo("reason"));
            act(responder, id, "consumers/" + c.get("id") + "/waived", Map.of("reason", "moved with billing-api"))
                    .then().statusCode(200).body("status", equalTo("WAIVED"));
        }
        act(responder, id, "remediate", null).then().statusCode(200).body("state", equalTo("REMEDIATED"));

        // REVOKED needs the usage audit; an early close needs a reason.
        act(responder, id, "close", Map.of("resolution", "REVOKED")).then().statusCode(409);
        act(responder, id, "close", Map.of("resolution", "FALSE_POSITIVE")).then().statusCode(400)
                .body("field", equalTo("reason"));
        act(responder, id, "close", Map.of("resolution", "FALSE_POSITIVE", "reason", "rotated and audited by hand"))
                .then().statusCode(200).body("state", equalTo("CLOSED"));

        record(asAdmin().get("/api/v1/incidents/" + id)).then().body("resolution", equalTo("FALSE_POSITIVE"))
                .body("assignee", equalTo("alice")).body("credential.secretStored", equalTo(false))
                .body("credential.hint", equalTo("…dddd"));
        List<String> actions = record(asAdmin().get("/api/v1/incidents/" + id + "/events")).then().extract()
                .path("action");
        assertThat(actions).containsSubsequence("opened", "acknowledged", "contained", "consumer_added",
                "consumer_replaced", "remediated", "closed", "secret_destroyed");
        Incidents.read(id, "/events/verify").body("valid", equalTo(true));
        assertThat(Db.count("SELECT count(*) FROM credential WHERE secret_ciphertext IS NOT NULL")).isZero();

        assertThat(seen.toString()).doesNotContain(TOKEN);
        assertThat(Db.dumpAllTables()).doesNotContain(TOKEN);
        assertThat(Logs.all()).doesNotContain(TOKEN);
    }

    @Test
    void illegalTransitionsAre409AndChangeNothing() {
        twilioSays(200);
        String responder = tokenFor("responder");
        String id = openIncident();
        act(responder, id, "remediate", null).then().statusCode(409).contentType("application/problem+json")
                .body("state", equalTo("OPEN")).body("type", containsString("illegal-transition"));
        act(responder, id, "contain", null).then().statusCode(409);
        act(responder, id, "acknowledge", null).then().statusCode(200);
        act(responder, id, "acknowledge", null).then().statusCode(409);
        act(responder, id, "close", Map.of("resolution", "WHATEVER", "reason", "x")).then().statusCode(400)
                .body("field", equalTo("resolution"));
        Incidents.read(id, "").body("state", equalTo("ACKNOWLEDGED"));
        postJson(as(tokenFor("viewer")), Incidents.path(id, "/remediate"), null, 403);
    }

    @Test
    void neverLiveAndAcceptedRiskHaveTheirRules() {
        twilioSays(200);
        String responder = tokenFor("responder");
        String id = openIncident();
        act(responder, id, "close", Map.of("resolution", "NEVER_LIVE", "reason", "x")).then().statusCode(409)
                .body("detail", containsString("NOT_LIVE"));
        act(responder, id, "close", Map.of("resolution", "ACCEPTED_RISK", "reason", "x")).then().statusCode(409)
                .body("detail", containsString("admin"));
        act(io.leakresponder.testsupport.Api.ADMIN_TOKEN, id, "close",
                Map.of("resolution", "ACCEPTED_RISK", "reason", "sandbox account, owner informed"))
                .then().statusCode(200).body("state", equalTo("CLOSED"));
    }

    @Test
    void aStaleVersionOrALostRaceIs409() throws Exception {
        twilioSays(200);
        String responder = tokenFor("responder");
        String id = openIncident();
        int version = Incidents.read(id, "").extract().path("version");
        as(responder).header("If-Match", String.valueOf(version + 7)).contentType(ContentType.JSON)
                .post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(409)
                .body("type", containsString("stale-version"));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            String who = "racer-" + k;
            racers.add(() -> as(responder).contentType(ContentType.JSON).body(Map.of("assignee", who))
                    .post("/api/v1/incidents/" + id + "/acknowledge").statusCode());
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(racers)) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertThat(codes).containsOnly(200, 409).filteredOn(c -> c == 200).hasSize(1);
        List<String> actions = Incidents.events(id).extract().path("action");
        assertThat(actions.stream().filter("acknowledged"::equals)).hasSize(1);
    }

    @Test
    void aClosedIncidentReopensWhenItsCredentialIsFoundAgainAndStillWorks() {
        twilioSays(401);
        String id = openIncident();
        Incidents.act(id, "close", Map.of("resolution", "NEVER_LIVE", "reason", "never worked"), 200);
        twilioSays(200);
        String report = "TWILIO_ACCOUNT_SID=" + AC + "\nTWILIO_AUTH_TOKEN=" + TOKEN + "\n";
        asAdmin().queryParam("format", "text").body(report).post("/api/v1/findings").then().statusCode(200)
                .body("incidents[0].id", equalTo(id)).body("incidents[0].opened", equalTo(false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Incidents.read(id, "")
                .body("state", equalTo("OPEN")).body("severity", equalTo("CRITICAL")));
        Incidents.events(id).body("action", hasItem("reopened"));
    }

    @Test
    void editingOrDeletingAnEventIsDetected() {
        twilioSays(200);
        String id = openIncident();
        act(tokenFor("responder"), id, "acknowledge", null).then().statusCode(200);
        Incidents.read(id, "/events/verify").body("valid", equalTo(true));
        // Someone with database access edits history (the trigger has to be disabled to do it at all).
        Db.exec("ALTER TABLE incident_event DISABLE TRIGGER incident_event_no_update");
        try {
            Db.exec("UPDATE incident_event SET actor = 'nobody' WHERE incident_id = '" + id + "' AND seq = 2");
            Incidents.read(id, "/events/verify").body("valid", equalTo(false)).body("firstBrokenSeq", equalTo(2));
            Db.exec("DELETE FROM incident_event WHERE incident_id = '" + id + "' AND seq = 2");
            Incidents.read(id, "/events/verify").body("valid", equalTo(false))
                    .body("reason", equalTo("event missing"));
        } finally {
            Db.exec("ALTER TABLE incident_event ENABLE TRIGGER incident_event_no_update");
        }
        // And without disabling it, the database refuses.
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Db.exec("UPDATE incident_event SET actor = 'x' WHERE incident_id = '" + id + "'")))
                .hasMessageContaining("append-only");
    }
}
