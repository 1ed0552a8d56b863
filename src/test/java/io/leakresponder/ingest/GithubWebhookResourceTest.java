package io.leakresponder.ingest;

import static io.leakresponder.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GithubWebhookResourceTest {

    // The test profile's webhook secret is GitHub's documented example secret.
    static final String SECRET = "It's a Secret to Everybody";

    @BeforeEach
    void reset() {
        Db.reset();
    }

    static String sign(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static ValidatableResponse deliver(String event, String delivery, byte[] body, String signature) {
        return given().header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature).contentType("application/json").body(body)
                .post("/api/v1/webhooks/github").then();
    }

    @Test
    void signedAlertIsRecordedOnceAndRedeliveryChangesNothing() throws Exception {
        byte[] body = Fixtures.bytes("ingest/github/webhook-alert.json");
        String delivery = UUID.randomUUID().toString();
        deliver("secret_scanning_alert", delivery, body, sign(body)).statusCode(200)
                .body("status", equalTo("recorded")).body("incidents[0].opened", equalTo(true));
        long occurrences = Db.count("SELECT count(*) FROM occurrence");
        deliver("secret_scanning_alert", delivery, body, sign(body)).statusCode(200)
                .body("status", equalTo("duplicate"));
        assertThat(Db.count("SELECT count(*) FROM occurrence")).isEqualTo(occurrences).isEqualTo(1);
        // No value in a webhook: the incident says it needs the secret value.
        assertThat(Db.count("SELECT count(*) FROM credential WHERE kind = 'UNRESOLVED_ALERT' AND needs_secret"))
                .isEqualTo(1);
    }

    @Test
    void webhookJoinsTheCredentialThatTheRestAlertListBrought() throws Exception {
        asAdmin().body(Fixtures.bytes("ingest/github/alerts.json")).post("/api/v1/findings").then().statusCode(200);
        long credentials = Db.count("SELECT count(*) FROM credential");
        long occurrences = Db.count("SELECT count(*) FROM occurrence");
        byte[] location = Fixtures.bytes("ingest/github/webhook-location.json");
        deliver("secret_scanning_alert_location", UUID.randomUUID().toString(), location, sign(location))
                .statusCode(200).body("status", equalTo("recorded")).body("incidents[0].opened", equalTo(false));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(credentials);
        // The location is the alert's first location, already known from the REST list: nothing is counted twice.
        assertThat(Db.count("SELECT count(*) FROM occurrence")).isEqualTo(occurrences);
        assertThat(Db.count("SELECT count(*) FROM occurrence WHERE link LIKE '%/secret-scanning/42' "
                + "AND file = 'config/settings.py' AND line = 10")).isEqualTo(1);
    }

    @Test
    void badOrMissingSignatureIs401AndStoresNothing() throws Exception {
        byte[] body = Fixtures.bytes("ingest/github/webhook-alert.json");
        deliver("secret_scanning_alert", UUID.randomUUID().toString(), body, "sha256=" + "0".repeat(64))
                .statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().header("X-GitHub-Event", "secret_scanning_alert").header("X-GitHub-Delivery", "d1")
                .contentType("application/json").body(body).post("/api/v1/webhooks/github").then().statusCode(401);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"number\": 43", "\"number\": 44")
                .getBytes(StandardCharsets.UTF_8);
        deliver("secret_scanning_alert", UUID.randomUUID().toString(), tampered, sign(body)).statusCode(401);
        assertThat(Db.count("SELECT count(*) FROM webhook_delivery")).isZero();
        assertThat(Db.count("SELECT count(*) FROM credential")).isZero();
    }

    @Test
    void otherEventsAndBadPayloadsAreHandledCleanly() throws Exception {
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
        deliver("ping", "p1", ping, sign(ping)).statusCode(200);
        deliver("push", "p2", ping, sign(ping)).statusCode(202).body("status", equalTo("ignored"));
        byte[] broken = "{\"alert\": ".getBytes(StandardCharsets.UTF_8);
        deliver("secret_scanning_alert", "p3", broken, sign(broken)).statusCode(400)
                .contentType("application/problem+json");
        deliver("secret_scanning_alert", "p4", ping, sign(ping)).statusCode(400).body("field", equalTo("alert"));
        assertThat(Db.count("SELECT count(*) FROM credential")).isZero();
    }
}
