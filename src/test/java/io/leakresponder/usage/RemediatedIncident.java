package io.leakresponder.usage;

import static io.leakresponder.testsupport.Api.asAdmin;

import io.leakresponder.testsupport.TwilioDouble;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** The usage tests' starting point: a leaked Auth Token's incident, contained (NOT_LIVE) and remediated. */
public final class RemediatedIncident {

    private RemediatedIncident() {
    }

    /**
     * Tracks the leaked token while Twilio accepts it, contains it once Twilio refuses it, waives its consumers and
     * remediates; the shared Twilio double keeps refusing the leaked token afterwards.
     *
     * @return the incident's id
     */
    public static String open(String accountSid, String leakedToken) {
        TwilioDouble.shared().liveAccount(accountSid, leakedToken, "Prod");
        String id = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("accountSid", accountSid, "authToken", leakedToken, "track", true))
                .post("/api/v1/liveness").then().statusCode(200).extract().path("incidentId");
        asAdmin().contentType(ContentType.JSON).post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(200);
        TwilioDouble.shared().deadAccount(accountSid, leakedToken);
        asAdmin().contentType(ContentType.JSON).post("/api/v1/incidents/" + id + "/contain").then().statusCode(200);
        List<String> consumers = asAdmin().get("/api/v1/incidents/" + id + "/consumers").then().extract().path("id");
        for (String c : consumers) {
            asAdmin().contentType(ContentType.JSON).body(Map.of("reason", "not used"))
                    .post("/api/v1/incidents/" + id + "/consumers/" + c + "/waived").then().statusCode(200);
        }
        asAdmin().contentType(ContentType.JSON).post("/api/v1/incidents/" + id + "/remediate").then().statusCode(200);
        return id;
    }
}
