package io.leakresponder.ingest;

import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class FindingsResourceTest {

    @BeforeEach
    void reset() {
        Db.reset();
        // Twilio answers 503 (checks stay INDETERMINATE) whatever the test class before this one stubbed.
        io.leakresponder.testsupport.TwilioDouble.shared().reset();
    }

    static Response post(String fixture, String format) {
        var request = asAdmin().contentType("application/octet-stream").body(Fixtures.bytes("ingest/" + fixture));
        if (format != null) {
            request = request.queryParam("format", format);
        }
        return request.post("/api/v1/findings");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "gitleaks/report.json, gitleaks",
            "gitleaks/report.csv, gitleaks-csv",
            "sarif/gitleaks.sarif, sarif",
            "sarif/other-tools.sarif, sarif",
            "trufflehog/report.jsonl, trufflehog",
            "github/alerts.json, github",
            "github/alert.json, github",
            "ggshield/path-scan.json, ggshield",
            "ggshield/commit-range.json, ggshield",
            "kingfisher/envelope.json, kingfisher",
            "kingfisher/old-1x.json, kingfisher",
            "kingfisher/report.jsonl, kingfisher",
            "noseyparker/report.json, noseyparker",
            "text/env.txt, text"
    })
    void everyFormatIsDetectedAndOpensIncidents(String fixture, String format) {
        Response detected = post(fixture, null);
        detected.then().statusCode(200).body("format", equalTo(format)).body("twilio", greaterThan(0))
                .body("credentials.new", greaterThan(0)).body("incidents[0].opened", equalTo(true));
        Db.reset();
        post(fixture, format).then().statusCode(200).body("format", equalTo(format))
                .body("incidents[0].opened", equalTo(true));
        assertNoSecretIn(detected.asString());
    }

    @Test
    void hashOnlyAndValueLessFindingsOpenIncidentsThatNeedTheSecret() {
        post("detect-secrets/baseline.json", null).then().statusCode(200).body("format", equalTo("detect-secrets"))
                .body("credentials.new", greaterThan(0));
        String id = asAdmin().get("/api/v1/incidents").then().statusCode(200).extract().path("items[0].id");
        asAdmin().get("/api/v1/incidents/" + id).then().statusCode(200)
                .body("credential.kind", equalTo("HASHED_SECRET")).body("credential.needsSecret", equalTo(true))
                .body("severity", equalTo("MEDIUM"));
        post("gitguardian/incidents.json", "gitguardian").then().statusCode(200);
    }

    @Test
    void hashOnlyFindingsJoinTheCredentialWithThatHashInEitherOrder() {
        // detect-secrets hashes the SIDs it matched: they join the credentials that carry those SIDs.
        post("trufflehog/report.jsonl", null).then().statusCode(200);
        long credentials = Db.count("SELECT count(*) FROM credential");
        post("detect-secrets/baseline.json", null).then().statusCode(200).body("credentials.new", equalTo(0))
                .body("credentials.known", equalTo(2));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(credentials);
        assertThat(Db.count("SELECT count(*) FROM credential WHERE kind = 'HASHED_SECRET'")).isZero();

        // The other way round: the placeholders get their values when the secrets arrive.
        Db.reset();
        post("detect-secrets/baseline.json", null).then().statusCode(200).body("credentials.new", equalTo(2));
        List<String> placeholders = asAdmin().get("/api/v1/incidents").then().extract().path("items.id");
        post("trufflehog/report.jsonl", null).then().statusCode(200);
        assertThat(Db.count("SELECT count(*) FROM credential WHERE kind = 'HASHED_SECRET'")).isZero();
        for (String id : placeholders) {
            asAdmin().get("/api/v1/incidents/" + id).then().statusCode(200)
                    .body("credential.needsSecret", equalTo(false))
                    .body("events.action", hasItems("credential_value_received", "occurrences_added"));
            // Both events of the one report are chained, one after the other.
            asAdmin().get("/api/v1/incidents/" + id + "/events/verify").then().statusCode(200)
                    .body("valid", equalTo(true));
        }
    }

    @Test
    void oneCredentialPerSecretAcrossFormatsReportsAndReposts() {
        Response first = post("trufflehog/report.jsonl", null);
        first.then().statusCode(200).body("ignored", greaterThan(0));
        long credentials = Db.count("SELECT count(*) FROM credential");
        assertThat(credentials).isGreaterThan(0);
        long incidents = Db.count("SELECT count(*) FROM incident");
        long occurrences = Db.count("SELECT count(*) FROM occurrence");
        assertThat(incidents).isEqualTo(credentials);

        // The same report again adds nothing at all.
        post("trufflehog/report.jsonl", null).then().statusCode(200)
                .body("credentials.new", equalTo(0)).body("occurrences.new", equalTo(0))
                .body("reportId", nullValue()).body("warnings", hasItem(containsString("nothing new")));
        assertThat(Db.count("SELECT count(*) FROM occurrence")).isEqualTo(occurrences);
        assertThat(Db.count("SELECT count(*) FROM ingest_report")).isEqualTo(1);

        // Other scanners reporting the same token join the same credential as new occurrences.
        post("kingfisher/envelope.json", null).then().statusCode(200);
        post("gitleaks/report.json", null).then().statusCode(200);
        assertThat(Db.count("SELECT count(*) FROM credential WHERE kind = 'AUTH_TOKEN' AND secret_hint = '…"
                + Fixtures.AUTH_TOKEN.substring(28) + "'")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM incident")).isEqualTo(Db.count("SELECT count(*) FROM credential"));
        assertThat(Db.count("SELECT count(*) FROM occurrence")).isGreaterThan(occurrences);
        // The credential's incident tells the story: opened by the first report, then more occurrences.
        String incident = firstIncidentWithHint(Fixtures.AUTH_TOKEN);
        List<String> actions = asAdmin().get("/api/v1/incidents/" + incident + "/events").then().statusCode(200)
                .extract().path("action");
        assertThat(actions.get(0)).isEqualTo("opened");
        assertThat(actions).contains("occurrences_added");
        asAdmin().get("/api/v1/incidents/" + incident + "/events").then()
                .body("[0].details.report.format", equalTo("trufflehog"));
        asAdmin().get("/api/v1/incidents/" + incident + "/events/verify").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @ParameterizedTest(name = "SID-only finding first: {0}")
    @CsvSource({"true", "false"})
    void findingsOfOneReportSeeTheCredentialsItsEarlierFindingsMade(boolean sidFirst) {
        // An identifier-only finding and the same API key with its secret, in two files so that they do not pair:
        // in either order they are one API key credential, with one incident and both occurrences.
        String sidOnly = """
                {"RuleID": "twilio-api-key", "Secret": "%s", "File": "deploy/notes.md", "StartLine": 4,
                 "Commit": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Date": "2024-01-02T03:04:05Z"}"""
                .formatted(Fixtures.KEY_SID);
        String withSecret = """
                {"RuleID": "generic-api-key", "Secret": "%s", "Match": "twilio key %s secret %s",
                 "File": "app/settings.py", "StartLine": 9, "Commit": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                 "Date": "2023-06-07T08:09:10Z"}""".formatted(Fixtures.KEY_SECRET, Fixtures.KEY_SID,
                Fixtures.KEY_SECRET);
        String report = "[" + (sidFirst ? sidOnly + "," + withSecret : withSecret + "," + sidOnly) + "]";

        asAdmin().queryParam("format", "gitleaks").body(report).post("/api/v1/findings").then().statusCode(200)
                .body("twilio", equalTo(2)).body("credentials.new", equalTo(1))
                .body("credentials.known", equalTo(0)).body("occurrences.new", equalTo(2))
                .body("incidents.size()", equalTo(1)).body("incidents[0].opened", equalTo(true));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM credential WHERE kind = 'API_KEY' AND key_sid = '"
                + Fixtures.KEY_SID + "'")).isEqualTo(1);
        // The exposure starts at the earliest commit of either finding.
        assertThat(Db.string("SELECT to_char(exposure_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM credential"))
                .isEqualTo("2023-06-07");
        assertThat(Db.count("SELECT count(*) FROM incident")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM occurrence")).isEqualTo(2);

        // Both again, and the SID alone in a third place: known, and only the new place is added.
        String third = sidOnly.replace("deploy/notes.md", "deploy/other.md");
        asAdmin().queryParam("format", "gitleaks").body("[" + sidOnly + "," + withSecret + "," + third + "]")
                .post("/api/v1/findings").then().statusCode(200)
                .body("credentials.new", equalTo(0)).body("credentials.known", equalTo(1))
                .body("occurrences.new", equalTo(1)).body("occurrences.known", equalTo(2));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(1);
    }

    @Test
    void aReportWithMoreCredentialsThanOneLookupHoldsIsResolvedWhole() {
        // The credentials a report can match are loaded a thousand values at a time: 1,100 API key SIDs, half of
        // them with an Account SID, take two rounds, and a second post must find every one of them.
        StringBuilder report = new StringBuilder("[");
        for (int i = 0; i < 1100; i++) {
            String sid = String.format("SK%032x", 0x5eed0000L + i);
            String match = i % 2 == 0 ? " account " + String.format("AC%032x", 0xacc00000L + i) : "";
            report.append(i == 0 ? "" : ",").append("""
                    {"RuleID": "twilio-api-key", "Secret": "%s", "Match": "key %s%s", "File": "f%d.env",
                     "StartLine": 1}""".formatted(sid, sid, match, i));
        }
        report.append("]");
        asAdmin().queryParam("format", "gitleaks").body(report.toString()).post("/api/v1/findings").then()
                .statusCode(200).body("credentials.new", equalTo(1100)).body("credentials.known", equalTo(0));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(1100);
        assertThat(Db.count("SELECT count(*) FROM credential WHERE account_sid IS NOT NULL")).isEqualTo(550);

        String again = report.toString().replace(".env\"", ".env.bak\"");
        asAdmin().queryParam("format", "gitleaks").body(again).post("/api/v1/findings").then().statusCode(200)
                .body("credentials.new", equalTo(0)).body("credentials.known", equalTo(1100))
                .body("occurrences.new", equalTo(1100));
        assertThat(Db.count("SELECT count(*) FROM credential")).isEqualTo(1100);
        assertThat(Db.count("SELECT count(*) FROM occurrence")).isEqualTo(2200);
    }

    static String firstIncidentWithHint(String secret) {
        String hint = "…" + secret.substring(secret.length() - 4);
        List<Map<String, Object>> items = asAdmin().queryParam("size", 200).get("/api/v1/incidents").then()
                .statusCode(200).extract().path("items");
        return items.stream().filter(i -> hint.equals(((Map<?, ?>) i.get("credential")).get("hint")))
                .map(i -> (String) i.get("id")).findFirst().orElseThrow();
    }

    @Test
    void incidentShowsCredentialOccurrencesAndExposureStart() {
        post("trufflehog/report.jsonl", null).then().statusCode(200);
        String id = firstIncidentWithHint(Fixtures.AUTH_TOKEN);
        Response detail = asAdmin().get("/api/v1/incidents/" + id);
        detail.then().statusCode(200)
                .body("state", equalTo("OPEN"))
                .body("severity", equalTo("HIGH"))
                .body("credential.kind", equalTo("AUTH_TOKEN"))
                .body("credential.accountSid", equalTo(Fixtures.ACCOUNT_SID))
                .body("credential.hint", equalTo("…cdef"))
                .body("occurrences[0].scanner", equalTo("trufflehog"))
                .body("occurrences[0].repository", equalTo("https://github.com/acme/billing.git"))
                .body("occurrences[0].file", equalTo("app/settings.py"))
                .body("occurrences[0].line", equalTo(14))
                .body("exposureStart", equalTo("2024-03-05T09:15:00Z"));
        assertNoSecretIn(detail.asString());

        asAdmin().queryParam("state", "OPEN").queryParam("severity", "HIGH").get("/api/v1/incidents").then()
                .statusCode(200).body("total", greaterThan(0));
        asAdmin().queryParam("state", "CLOSED").get("/api/v1/incidents").then().statusCode(200)
                .body("total", equalTo(0));
        asAdmin().queryParam("state", "NOPE").get("/api/v1/incidents").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("state"));
        asAdmin().queryParam("size", "100000").get("/api/v1/incidents").then().statusCode(400)
                .body("field", equalTo("size"));
        asAdmin().get("/api/v1/incidents/not-a-uuid").then().statusCode(400).body("field", equalTo("id"));
        asAdmin().get("/api/v1/incidents/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void badInputIsRefusedWithTheLineOrFieldAndStoresNothing() {
        asAdmin().queryParam("format", "gitleaks").body("[{\"RuleID\": \"twilio-api-key\",\n \"Secret\": \""
                + Fixtures.KEY_SID + "\",\n \"StartLine\": }]").post("/api/v1/findings").then().statusCode(400)
                .contentType("application/problem+json").body("line", equalTo(3))
                .body("type", containsString("invalid-report"));
        asAdmin().queryParam("format", "gitleaks").body(Fixtures.bytes("ingest/detect-secrets/baseline.json"))
                .post("/api/v1/findings").then().statusCode(400).contentType("application/problem+json")
                .body("format", equalTo("gitleaks"));
        asAdmin().queryParam("format", "nessus").body("x").post("/api/v1/findings").then().statusCode(400)
                .body("field", equalTo("format")).body("detail", containsString("trufflehog"));
        asAdmin().body(new byte[0]).post("/api/v1/findings").then().statusCode(400)
                .body("detail", containsString("empty"));
        // A good report with a broken line at the end is refused whole: nothing of its first records is kept.
        String broken = new String(Fixtures.bytes("ingest/trufflehog/report.jsonl"))
                + "\n{\"SourceMetadata\": {\"Data\": {}}, \"DetectorName\": \"Twilio\", \"Raw\": \"AC";
        Response refused = asAdmin().queryParam("format", "trufflehog").body(broken).post("/api/v1/findings");
        refused.then().statusCode(400).contentType("application/problem+json");
        assertNoSecretIn(refused.asString());
        assertThat(Db.count("SELECT count(*) FROM credential")).isZero();
        assertThat(Db.count("SELECT count(*) FROM incident")).isZero();
        assertThat(Db.count("SELECT count(*) FROM ingest_report")).isZero();
        // The service is still up and takes the next report.
        post("trufflehog/report.jsonl", null).then().statusCode(200);
    }

    @io.quarkus.test.common.http.TestHTTPResource("/api/v1/findings")
    java.net.URI findings;

    /** Posts with the JDK's client, which sends exactly the headers given (and none when given none). */
    private java.net.http.HttpResponse<String> rawPost(byte[] body, String... headers) throws Exception {
        return rawPost("", body, headers);
    }

    private java.net.http.HttpResponse<String> rawPost(String query, byte[] body, String... headers) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(findings + query))
                .header("Authorization", "Bearer " + io.leakresponder.testsupport.Api.ADMIN_TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReportLabelledAsAFormOrNotAtAllIsStreamedLikeAnyOther() throws Exception {
        // curl --data-binary labels its body a form unless told otherwise; the report is well over the form limit.
        byte[] report = Fixtures.bytes("ingest/trufflehog/report.jsonl");
        for (String[] headers : new String[][]{
                {"Content-Type", "application/x-www-form-urlencoded"},
                {"Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"},
                {"Content-Type", "multipart/form-data; boundary=x"},
                {}}) {
            Db.reset();
            var answer = rawPost(report, headers);
            assertThat(answer.statusCode()).as(String.join(" ", headers)).isEqualTo(200);
            assertThat(answer.body()).contains("\"format\":\"trufflehog\"").contains("\"opened\":true");
            assertNoSecretIn(answer.body());
        }
    }

    @Test
    void aLargeBodyArrivesWholeThroughThePausesOfTheStream() throws Exception {
        // Several MiB of log lines around the fixture: the stream pauses the request more than once while the
        // parser catches up, and every byte must still arrive once, in order (the stored hash is the body's).
        StringBuilder text = new StringBuilder();
        String log = "{\"level\":\"info\",\"msg\":\"scanning " + "x".repeat(200) + "\"}\n";
        while (text.length() < 6 * 1024 * 1024) {
            text.append(log);
        }
        text.append(
                new String(Fixtures.bytes("ingest/trufflehog/report.jsonl"), java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            text.append(log);
        }
        byte[] body = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // The first 64 KiB are log lines only, which detection would take for text: the format is named.
        var answer = rawPost("?format=trufflehog", body, "Content-Type", "application/x-ndjson");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"format\":\"trufflehog\"").contains("\"opened\":true");
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(Db.string("SELECT body_sha256 || ' ' || body_bytes FROM ingest_report"))
                .isEqualTo(sha + " " + body.length);
    }

    @Test
    void reportsBeyondTheConcurrencyLimitAreTurnedAwayUntilOneEnds() throws Exception {
        // Eight senders (the default limit) start a report and stall; the ninth gets 503, nothing is stored,
        // and once the stalled senders go away the next report is taken.
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                java.net.Socket socket = new java.net.Socket(findings.getHost(), findings.getPort());
                socket.getOutputStream().write(("POST /api/v1/findings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + io.leakresponder.testsupport.Api.ADMIN_TOKEN + "\r\nContent-Length: 1000000\r\n\r\n[")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            var busy = awaitReportAnswered(503);
            assertThat(busy.body()).contains("LEAK_RESPONDER_INGEST_MAX_CONCURRENT");
            assertThat(busy.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
        }
        assertThat(Db.count("SELECT count(*) FROM ingest_report")).isZero();
        var taken = awaitReportAnswered(200);
        assertThat(taken.body()).contains("\"opened\":true");
    }

    /** Posts the trufflehog fixture until the service answers it with the status. */
    private java.net.http.HttpResponse<String> awaitReportAnswered(int status) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> rawPost(Fixtures.bytes("ingest/trufflehog/report.jsonl"),
                        "Content-Type", "application/x-ndjson"), r -> r.statusCode() == status);
    }

    @Test
    void ingestTokensMayPostButNotRead() {
        String ingest = tokenFor("ingest");
        as(ingest).body(Fixtures.bytes("ingest/gitleaks/report.json")).post("/api/v1/findings").then().statusCode(200);
        as(ingest).get("/api/v1/incidents").then().statusCode(403);
        asAdmin().get("/api/v1/incidents/" + firstIncidentIdAny() + "/events").then()
                .body("[0].actor", containsString("test ingest"));
    }

    static String firstIncidentIdAny() {
        return asAdmin().get("/api/v1/incidents").then().extract().path("items[0].id");
    }

    @Test
    void theRawSecretAppearsNowhere() {
        StringBuilder responses = new StringBuilder();
        for (String fixture : List.of("trufflehog/report.jsonl", "gitleaks/report.json", "gitleaks/report.csv",
                "sarif/gitleaks.sarif", "sarif/other-tools.sarif", "github/alerts.json", "kingfisher/envelope.json",
                "kingfisher/report.jsonl", "noseyparker/report.json", "text/env.txt", "ggshield/path-scan.json",
                "detect-secrets/baseline.json")) {
            responses.append(post(fixture, null).then().statusCode(200).extract().asString());
        }
        Response list = asAdmin().queryParam("size", 200).get("/api/v1/incidents");
        responses.append(list.asString());
        List<String> ids = list.then().extract().path("items.id");
        for (String id : ids) {
            responses.append(asAdmin().get("/api/v1/incidents/" + id).asString());
            responses.append(asAdmin().get("/api/v1/incidents/" + id + "/events").asString());
        }
        assertThat(ids).isNotEmpty();
        assertNoSecretIn(responses.toString());
        assertNoSecretIn(Db.dumpAllTables());
        assertNoSecretIn(Logs.all());
        // Secrets are stored, encrypted, with the id of the key that encrypted them.
        assertThat(Db.count("SELECT count(*) FROM credential WHERE secret_ciphertext IS NOT NULL AND secret_key_id "
                + "IS NOT NULL")).isGreaterThan(0);
    }

    static void assertNoSecretIn(String text) {
        for (String secret : Fixtures.SECRETS) {
            assertThat(text).as("output must not contain a fixture secret").doesNotContain(secret);
        }
    }
}
