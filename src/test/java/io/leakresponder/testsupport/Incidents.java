package io.leakresponder.testsupport;

import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.postJson;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The incident API's requests that many tests make: track a leak, move the incident on, read what it holds. */
public final class Incidents {

    private Incidents() {
    }

    /** The API path of an incident, with a tail such as "/events" (or "" for the incident itself). */
    public static String path(String id, String tail) {
        return "/api/v1/incidents/" + id + tail;
    }

    /** A tracked liveness check of this credential by this caller; the answer (200 checked) names the incident. */
    public static ValidatableResponse track(RequestSpecification caller, Map<String, Object> credential) {
        Map<String, Object> body = new java.util.HashMap<>(credential);
        body.put("track", true);
        return postJson(caller, "/api/v1/liveness", body, 200);
    }

    /** Tracks a leaked Auth Token by this caller and returns the id of its incident. */
    public static String trackAuthToken(RequestSpecification caller, String accountSid, String authToken) {
        return track(caller, Map.of("accountSid", accountSid, "authToken", authToken)).extract().path("incidentId");
    }

    /** Tracks a leaked Auth Token as the bootstrap admin and returns the id of its incident. */
    public static String trackAuthToken(String accountSid, String authToken) {
        return trackAuthToken(asAdmin(), accountSid, authToken);
    }

    /** Tracks a leaked API key (paired with its account) by this caller and returns the id of its incident. */
    public static String trackApiKey(RequestSpecification caller, String accountSid, String keySid, String secret) {
        Map<String, Object> key = Map.of("accountSid", accountSid, "apiKeySid", keySid, "apiKeySecret", secret);
        return track(caller, key).extract().path("incidentId");
    }

    /** POSTs an action (such as "contain" or "rotation/promote") without a body as the bootstrap admin. */
    public static ValidatableResponse act(String id, String action, int status) {
        return act(id, action, null, status);
    }

    /** POSTs an action with this JSON body as the bootstrap admin; the answer must have this status. */
    public static ValidatableResponse act(String id, String action, Object body, int status) {
        return postJson(path(id, "/" + action), body, status);
    }

    /** The bootstrap admin acknowledges the incident. */
    public static void acknowledge(String id) {
        act(id, "acknowledge", 200);
    }

    /** A GET of the incident (tail "") or of one of its parts as the bootstrap admin, ready for assertions. */
    public static ValidatableResponse read(String id, String tail) {
        return asAdmin().get(path(id, tail)).then();
    }

    /** The incident's audit trail as the bootstrap admin sees it. */
    public static ValidatableResponse events(String id) {
        return read(id, "/events");
    }

    /** Waives every consumer of the incident with this reason, then remediates it. */
    public static void waiveConsumersAndRemediate(String id, String reason) {
        List<String> consumers = read(id, "/consumers").extract().path("id");
        for (String c : consumers) {
            act(id, "consumers/" + c + "/waived", Map.of("reason", reason), 200);
        }
        act(id, "remediate", 200);
    }

    /** Contains the incident (its credential must already be refused by Twilio), then waives and remediates. */
    public static void containAndRemediate(String id, String reason) {
        act(id, "contain", 200);
        waiveConsumersAndRemediate(id, reason);
    }

    /** Registers the account's admin credential (an Auth Token) as the bootstrap admin. */
    public static void registerAdminToken(String accountSid, String authToken) {
        postJson("/api/v1/accounts", Map.of("accountSid", accountSid, "authToken", authToken), 201);
    }

    /** Waits until the incident is in this state, as the background jobs move it. */
    public static void awaitState(String id, String state, Duration atMost) {
        await().atMost(atMost).untilAsserted(() -> read(id, "").body("state", equalTo(state)));
    }
}
