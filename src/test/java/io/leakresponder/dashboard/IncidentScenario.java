package io.leakresponder.dashboard;

import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.tokenFor;
import static org.awaitility.Awaitility.await;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.UiClient;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;

/**
 * Three incidents opened by ingesting {@code dashboard/incidents.jsonl} (fake Twilio credentials) through the API,
 * then moved along the workflow so that every filter has something to find:
 * <ul>
 * <li>{@link #live}: Auth Token of {@link Fixtures#ACCOUNT_SID}, checks LIVE, so CRITICAL; acknowledged by alice;
 * four occurrences in four repositories (GitHub, GitLab, a hostile one, one with user info in its URL)</li>
 * <li>{@link #closed}: Auth Token of {@link #B_SID}, checks NOT_LIVE, so LOW; acknowledged by bob, contained, closed
 * as a false positive</li>
 * <li>{@link #key}: an API key whose checks stay INDETERMINATE (Twilio answers 503), HIGH; nobody took it, and it
 * opened two days ago, so it breaches its acknowledge target</li>
 * </ul>
 */
record IncidentScenario(String live, String closed, String key) {

    static final String B_SID = "AC00112233445566778899aabbccddeeff";
    /** The password of the repository URL in the fixture; like a secret, it must never be shown. */
    static final String URL_PASSWORD = "hunter2tok";

    static IncidentScenario open() {
        Db.reset();
        // Signing in needs a first admin; before one exists, the dashboard sends everyone to set-up.
        UiClient.signInAs("admin");
        TwilioDouble.shared().reset();
        TwilioDouble.shared().liveAccount(Fixtures.ACCOUNT_SID, Fixtures.AUTH_TOKEN, "Prod");
        TwilioDouble.shared().deadAccount(B_SID); // a refusal, for any credential
        asAdmin().contentType("application/octet-stream").body(Fixtures.bytes("dashboard/incidents.jsonl"))
                .post("/api/v1/findings").then().statusCode(200);
        // The checks enqueued by ingestion run in the background; wait until each credential has its verdict.
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'liveness-check'") == 0
                && Db.count("SELECT count(*) FROM credential_liveness WHERE last_verdict IS NOT NULL") == 3);
        String live = incidentOf("c.account_sid = '" + Fixtures.ACCOUNT_SID + "' AND c.kind = 'AUTH_TOKEN'");
        String closed = incidentOf("c.account_sid = '" + B_SID + "' AND c.kind = 'AUTH_TOKEN'");
        String key = incidentOf("c.kind = 'API_KEY'");

        String responder = tokenFor("responder");
        act(responder, live, "acknowledge", Map.of("assignee", "alice"));
        act(responder, closed, "acknowledge", Map.of("assignee", "bob"));
        act(responder, closed, "contain", null);
        act(responder, closed, "close", Map.of("resolution", "FALSE_POSITIVE", "reason", "test account, rotated"));
        Db.exec("UPDATE incident SET opened_at = now() - interval '2 days' WHERE id = '" + key + "'");
        return new IncidentScenario(live, closed, key);
    }

    private static String incidentOf(String where) {
        return Db.string("SELECT i.id FROM incident i JOIN credential c ON c.id = i.credential_id WHERE " + where);
    }

    private static void act(String token, String incident, String action, Object body) {
        var request = as(token).contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        request.post("/api/v1/incidents/" + incident + "/" + action).then().statusCode(200);
    }

    String credentialOf(String incident) {
        return Db.string("SELECT credential_id FROM incident WHERE id = '" + incident + "'");
    }
}
