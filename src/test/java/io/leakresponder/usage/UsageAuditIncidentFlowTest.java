package io.leakresponder.usage;

import static io.leakresponder.testsupport.Api.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incident workflow from leak to CLOSED/REVOKED, with the usage audit as the evidence for AUDITED. */
@QuarkusTest
@TestProfile(UsageTestProfile.class)
class UsageAuditIncidentFlowTest {

    static final String AC = "AC7777888899990000aaaabbbbccccdddd";
    static final String LEAKED = "77778888999900001111222233334444";
    static final String ADMIN = "aaaabbbbccccddddeeeeffff00001111";

    @BeforeEach
    void reset() {
        Db.reset();
        TwilioDouble.shared().reset();
        // The usage audit reads with the registered admin token.
        TwilioDouble.shared().emptyByDefault(TwilioDouble.Access.own(AC, AC, ADMIN));
    }

    static String remediatedIncident() {
        return RemediatedIncident.open(AC, LEAKED);
    }

    @Test
    void fromLeakToClosedRevokedWithTheUsageAuditAsEvidence() {
        String id = remediatedIncident();
        // Reviewing before there is an audit is refused.
        asAdmin().contentType(ContentType.JSON).post("/api/v1/incidents/" + id + "/usage-audit/review").then()
                .statusCode(404);
        TwilioDouble.shared().liveAccount(AC, ADMIN, "Prod");
        asAdmin().contentType(ContentType.JSON).body(Map.of("accountSid", AC, "authToken", ADMIN))
                .post("/api/v1/accounts").then().statusCode(201);
        asAdmin().contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/incidents/" + id + "/usage-audit").then().statusCode(202)
                .body("accountSid", equalTo(AC));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> asAdmin().contentType(ContentType.JSON)
                .post("/api/v1/incidents/" + id + "/usage-audit/review").then().statusCode(200)
                .body("state", equalTo("AUDITED")));
        asAdmin().get("/api/v1/incidents/" + id + "/usage-audit").then().statusCode(200)
                .body("verdict", equalTo("NO_SIGN_OF_MISUSE"));
        asAdmin().get("/api/v1/incidents/" + id + "/usage-audit/summary.md").then().statusCode(200)
                .body(containsString("NO_SIGN_OF_MISUSE"));
        asAdmin().get("/api/v1/incidents/" + id + "/usage-audit/export/messages.csv").then().statusCode(200)
                .contentType(containsString("text/csv"));
        asAdmin().get("/api/v1/incidents/" + id + "/usage-audit/export/nonsense.csv").then().statusCode(400);

        asAdmin().contentType(ContentType.JSON).body(Map.of("resolution", "REVOKED"))
                .post("/api/v1/incidents/" + id + "/close").then().statusCode(200).body("state", equalTo("CLOSED"));
        asAdmin().get("/api/v1/incidents/" + id).then().body("resolution", equalTo("REVOKED"))
                .body("credential.secretStored", equalTo(false));
        asAdmin().get("/api/v1/incidents/" + id + "/events").then().body("action", hasItem("usage_audit_started"))
                .body("action", hasItem("audited")).body("action", hasItem("closed"));
        asAdmin().get("/api/v1/incidents/" + id + "/events/verify").then().body("valid", equalTo(true));
        assertThat(Db.dumpAllTables()).doesNotContain(LEAKED).doesNotContain(ADMIN);
        assertThat(Logs.all()).doesNotContain(LEAKED).doesNotContain(ADMIN);
    }

    @Test
    void theWindowMayOnlyWidenWithAReasonAndAuditingNeedsARemediatedIncident() {
        String id = remediatedIncident();
        asAdmin().contentType(ContentType.JSON).body(Map.of("windowStart", "2999-01-01T00:00:00Z", "reason", "x"))
                .post("/api/v1/incidents/" + id + "/usage-audit").then().statusCode(400)
                .body("field", equalTo("windowStart"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("windowStart", "2026-01-01T00:00:00Z"))
                .post("/api/v1/incidents/" + id + "/usage-audit").then().statusCode(400)
                .body("field", equalTo("reason"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("windowStart", "yesterday", "reason", "x"))
                .post("/api/v1/incidents/" + id + "/usage-audit").then().statusCode(400)
                .body("field", equalTo("windowStart"));
        // Without an admin credential or permission to use the leaked one, the pulls cannot run: INCOMPLETE.
        asAdmin().contentType(ContentType.JSON).body(Map.of("windowStart", "2026-11-01T00:00:00Z",
                "reason", "first commit of the file")).post("/api/v1/incidents/" + id + "/usage-audit").then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asAdmin().get("/api/v1/incidents/" + id
                + "/usage-audit").then().body("verdict", equalTo("INCOMPLETE")));
        asAdmin().get("/api/v1/incidents/" + id + "/events").then().body("action", hasItem("usage_audit_started"));
    }
}
