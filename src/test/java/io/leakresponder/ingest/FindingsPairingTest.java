package io.leakresponder.ingest;

import static io.leakresponder.ingest.FindingsResourceTest.assertNoSecretIn;
import static io.leakresponder.testsupport.Api.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Logs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An Account SID and its Auth Token reported as neighbouring findings of one report, the SID under a rule that does
 * not say Twilio: one Auth Token credential that knows its account, whatever the format.
 */
@QuarkusTest
class FindingsPairingTest {

    @BeforeEach
    void reset() {
        Db.reset();
    }

    private static Response post(String fixture, boolean named, String format) {
        var request = asAdmin().contentType("application/octet-stream")
                .body(Fixtures.bytes("ingest/neighbours/" + fixture));
        return (named ? request.queryParam("format", format) : request).post("/api/v1/findings");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "gitleaks.json, gitleaks, false",
            "gitleaks.csv, gitleaks-csv, false",
            "gitleaks.sarif, sarif, false",
            "kingfisher.sarif, sarif, false",
            "noseyparker.json, noseyparker, false",
            "kingfisher.json, kingfisher, false",
            "ggshield.json, ggshield, false",
            // only the baseline is detected from the content; the audit report is named
            "detect-secrets-audit.json, detect-secrets, true"
    })
    void theSidOnTheLineBeforeTheTokenIsTheTokensAccount(String fixture, String format, boolean named) {
        Response first = post(fixture, named, format);
        first.then().statusCode(200).body("format", equalTo(format)).body("received", equalTo(2))
                .body("twilio", equalTo(2)).body("ignored", equalTo(0))
                .body("credentials.new", equalTo(1)).body("credentials.known", equalTo(0))
                .body("occurrences.new", equalTo(2))
                .body("incidents.size()", equalTo(1)).body("incidents[0].opened", equalTo(true));
        String id = first.then().extract().path("incidents[0].id");
        Response incident = asAdmin().get("/api/v1/incidents/" + id);
        // With the account known, the liveness check and the usage audit have what they need.
        incident.then().statusCode(200).body("credential.kind", equalTo("AUTH_TOKEN"))
                .body("credential.accountSid", equalTo(Fixtures.ACCOUNT_SID))
                .body("credential.hint", equalTo("…" + Fixtures.AUTH_TOKEN.substring(28)))
                .body("occurrences.size()", equalTo(2));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM credential WHERE kind = 'ACCOUNT_SID'")).isZero();

        // The same report again: no second credential, incident or occurrence.
        Response again = post(fixture, named, format);
        again.then().statusCode(200).body("ignored", equalTo(0))
                .body("credentials.new", equalTo(0)).body("credentials.known", equalTo(1))
                .body("occurrences.new", equalTo(0)).body("occurrences.known", equalTo(2))
                .body("incidents[0].id", equalTo(id)).body("incidents[0].opened", equalTo(false))
                .body("reportId", nullValue()).body("warnings", hasItem(containsString("nothing new")));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM incident")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM occurrence")).isEqualTo(2);

        assertNoSecretIn(first.asString() + again.asString() + incident.asString());
        assertNoSecretIn(Logs.all());
    }

    @org.junit.jupiter.api.Test
    void aSecretUnderAGenericRuleIsTheSecretOfTheKeySidAbove() {
        // gitleaks' own twilio-api-key finds the SK; generic-api-key the secret below, on a line that names no
        // Twilio: only the SID a line above makes it a Twilio secret. A 32-hex cache key elsewhere stays ignored.
        String report = """
                [
                 {"RuleID": "twilio-api-key", "Description": "Found a Twilio API Key", "StartLine": 7, "EndLine": 7,
                  "StartColumn": 12, "EndColumn": 45, "Match": "%1$s", "Secret": "%1$s", "File": "ops/sms.env",
                  "SymlinkFile": "", "Commit": "%3$s", "Entropy": 3.1, "Author": "Kim Lab", "Email": "kim@example.com",
                  "Date": "2024-02-03T04:05:06Z", "Message": "sms", "Tags": [], "Fingerprint": "%3$s:ops/sms.env:twilio-api-key:7"},
                 {"RuleID": "generic-api-key", "Description": "Detected a Generic API Key", "StartLine": 8, "EndLine": 8,
                  "StartColumn": 1, "EndColumn": 43, "Match": "SMS_SECRET=%2$s", "Secret": "%2$s", "File": "ops/sms.env",
                  "SymlinkFile": "", "Commit": "%3$s", "Entropy": 4.1, "Author": "Kim Lab", "Email": "kim@example.com",
                  "Date": "2024-02-03T04:05:06Z", "Message": "sms", "Tags": [], "Fingerprint": "%3$s:ops/sms.env:generic-api-key:8"},
                 {"RuleID": "generic-api-key", "Description": "Detected a Generic API Key", "StartLine": 3, "EndLine": 3,
                  "StartColumn": 1, "EndColumn": 45, "Match": "CACHE_KEY=%4$s", "Secret": "%4$s", "File": "ops/cache.env",
                  "SymlinkFile": "", "Commit": "%3$s", "Entropy": 3.6, "Author": "Kim Lab", "Email": "kim@example.com",
                  "Date": "2024-02-03T04:05:06Z", "Message": "sms", "Tags": [], "Fingerprint": "%3$s:ops/cache.env:generic-api-key:3"}
                ]"""
                .formatted(Fixtures.KEY_SID, Fixtures.KEY_SECRET, "5e6f708192a3b4c5d6e7f8091122339f3c2a1b4d",
                        "9e107d9d372bb6826bd81d3542a419d6");
        Response answer = asAdmin().contentType("application/octet-stream")
                .body(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/findings");
        answer.then().statusCode(200).body("received", equalTo(3)).body("twilio", equalTo(2))
                .body("ignored", equalTo(1)).body("credentials.new", equalTo(1)).body("occurrences.new", equalTo(2));
        String id = answer.then().extract().path("incidents[0].id");
        asAdmin().get("/api/v1/incidents/" + id).then().statusCode(200).body("credential.kind", equalTo("API_KEY"))
                .body("credential.keySid", equalTo(Fixtures.KEY_SID))
                .body("credential.hint", equalTo("…" + Fixtures.KEY_SECRET.substring(28)))
                .body("occurrences.rule",
                        org.hamcrest.Matchers.containsInAnyOrder("twilio-api-key", "generic-api-key"));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(1);
        assertThat(Db.string("SELECT received || ' ' || twilio || ' ' || ignored FROM ingest_report"))
                .isEqualTo("3 2 1");

        asAdmin().contentType("application/octet-stream").body(report.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/findings").then().statusCode(200).body("credentials.new", equalTo(0))
                .body("occurrences.new", equalTo(0)).body("reportId", nullValue());
        assertThat(Db.count("SELECT count(*) FROM incident")).isEqualTo(1);
        assertNoSecretIn(answer.asString() + Logs.all());
    }
}
