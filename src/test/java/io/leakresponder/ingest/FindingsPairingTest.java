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
}
