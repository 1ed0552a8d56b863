package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class GitleaksJsonParserTest {

    private static final String ENV_COMMIT = "1111111111111111111111111111111111111111";

    @Test
    void mapsTwilioFindingsAndIgnoresTheRest() {
        RecordingSink sink = Reports.parse(ReportFormat.GITLEAKS, "gitleaks/report.json");

        Instant sam = Instant.parse("2023-11-20T18:02:11Z");
        assertThat(sink.findings).containsExactly(
                BillingLeak.gitleaksKeySid(2),
                // generic-api-key on a line that names twilio: a lone non-hex secret is an API key secret
                BillingLeak.gitleaksKeySecret(23),
                finding(44, "gitleaks", "generic-api-key").accountSid(ACCOUNT_SID).at(".env", 2)
                        .commit(ENV_COMMIT, "Sam Ops <sam@example.com>", sam).build(),
                finding(64, "gitleaks", "generic-api-key").secret(AUTH_TOKEN, SecretKind.AUTH_TOKEN).at(".env", 3)
                        .commit(ENV_COMMIT, "Sam Ops <sam@example.com>", sam).build());
        // the AWS key
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
        // The MD5 cache key without Twilio context waits for a SID nearby, finds none, and is ignored.
        assertThat(sink.candidates).extracting(ScannerFinding::file, ScannerFinding::line)
                .containsExactly(tuple("app/cache.py", 8));
        assertThat(sink.paired().candidatesLeft()).isEqualTo(1);
        assertThat(sink.paired().findings()).hasSize(4);
    }

    @Test
    void halvesOfTheReportPairUp() {
        RecordingSink sink = Reports.parse(ReportFormat.GITLEAKS, "gitleaks/report.json");

        assertThat(ReportPairing.pair(sink.findings))
                .extracting(ScannerFinding::accountSid, ScannerFinding::keySid, ScannerFinding::secret,
                        ScannerFinding::secretKind)
                .containsExactly(
                        tuple(null, KEY_SID, KEY_SECRET, SecretKind.API_KEY_SECRET),
                        tuple(null, KEY_SID, KEY_SECRET, SecretKind.API_KEY_SECRET),
                        tuple(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                        tuple(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN));
    }

    @Test
    void redactedTwilioFindingIsIgnoredWithAWarning() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "twilio-api-key", "Secret": "REDACTED", "Match": "REDACTED", "File": "a.py",
                  "StartLine": 1, "Commit": "", "Date": ""}
                ]""");

        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).containsExactly(
                "line 2: gitleaks reported a Twilio finding without a usable value (redacted or censored?); skipped");
    }

    @Test
    void emptyReportHasNoFindings() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, "[]\n");
        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isZero();
    }

    @Test
    void unreadableDateIsAWarningNotAFailure() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS,
                "[{\"RuleID\":\"twilio-api-key\",\"Secret\":\"" + KEY_SID
                        + "\",\"File\":\"a\",\"Date\":\"10-19-2003\"}]");
        assertThat(sink.only().commitDate()).isNull();
        assertThat(sink.warnings).containsExactly("line 1: Date is not a date in the expected format; left empty");
    }

    @Test
    void aDateBeyondTheYear9999IsAWarningNotAFailure() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS, "[{\"RuleID\":\"twilio-api-key\",\"Secret\":\""
                + KEY_SID + "\",\"File\":\"a\",\"Date\":\"+300000-01-01T00:00:00Z\"}]");
        assertThat(sink.only().commitDate()).isNull();
        assertThat(sink.warnings).containsExactly("line 1: Date is not a date in the expected format; left empty");
    }

    @Test
    void anotherFormatIsRejected() {
        ReportFormatException e = Reports.refusal(ReportFormat.GITLEAKS, "detect-secrets/baseline.json");
        assertThat(e.getMessage()).isEqualTo("line 1: not a gitleaks JSON report: the top level must be a JSON array");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.field()).isEmpty();
    }

    @Test
    void wrongFieldTypeNamesLineAndPointer() {
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "generic-api-key", "Secret": "x", "StartLine": 3},
                 {"RuleID": "twilio-api-key", "Secret": "%s", "StartLine": "12"}
                ]""".formatted(KEY_SID));
        assertThat(e.getMessage()).isEqualTo("line 3: not a gitleaks JSON report: /1/StartLine must be an integer");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("/1/StartLine");
    }

    @Test
    void missingRuleIdAndNonObjectElements() {
        ReportFormatException missing = Reports.refusalOfText(ReportFormat.GITLEAKS, "[\n{\"Secret\": \"x\"}]");
        assertThat(missing.field()).isEqualTo("/0/RuleID");
        assertThat(missing.line()).isEqualTo(2);
        assertThat(missing.getMessage()).isEqualTo("line 2: not a gitleaks JSON report: /0/RuleID is missing");
        assertThat(Reports.refusalOfText(ReportFormat.GITLEAKS, "[{\"RuleID\": \"x\"}, 7]").field()).isEqualTo("/1");
    }

    @Test
    void malformedJsonNeverQuotesTheSecret() {
        String unquoted = "[\n {\"RuleID\": \"twilio-api-key\",\n  \"Secret\": " + KEY_SID + "}\n]";
        ReportFormatException token = Reports.refusalOfText(ReportFormat.GITLEAKS, unquoted);
        assertThat(token.getMessage()).isEqualTo("line 3: malformed JSON: unrecognized token");
        assertThat(token.getMessage()).doesNotContain(KEY_SID).doesNotContain("cafebabe");
        assertThat(token.line()).isEqualTo(3);
        assertThat(token.getCause()).isNull();

        String truncated = "[\n {\"RuleID\": \"generic-api-key\", \"Secret\": \"" + AUTH_TOKEN;
        ReportFormatException end = Reports.refusalOfText(ReportFormat.GITLEAKS, truncated);
        assertThat(end.getMessage()).startsWith("line 2: malformed JSON: ").doesNotContain(AUTH_TOKEN);
        assertThat(end.line()).isEqualTo(2);
    }

    @Test
    void trailingContentAndEmptyBody() {
        assertThat(Reports.refusalOfText(ReportFormat.GITLEAKS, "[]\n[]").getMessage())
                .isEqualTo("line 2: not a gitleaks JSON report: unexpected content after the end of the report");
        ReportFormatException empty = Reports.refusalOfText(ReportFormat.GITLEAKS, "  \n");
        assertThat(empty.getMessage()).isEqualTo("the request body is empty");
        assertThat(empty.line()).isNull();
        assertThat(empty.field()).isNull();
    }

    @Test
    void aFindingThatCannotBeTwilioIsStillCheckedForItsTypes() {
        // Neither finding can be about Twilio, so they are counted without their tree being built; a wrong type
        // is refused all the same.
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GITLEAKS, """
                [
                 {"RuleID": "aws-access-token", "Secret": "AKIAIOSFODNN7EXAMPLE", "StartLine": 3},
                 {"RuleID": "aws-access-token", "Secret": "AKIAIOSFODNN7EXAMPLE", "StartLine": "12"}
                ]""");
        assertThat(e.getMessage()).isEqualTo("line 3: not a gitleaks JSON report: /1/StartLine must be an integer");
        assertThat(e.field()).isEqualTo("/1/StartLine");
        assertThat(Reports.refusalOfText(ReportFormat.GITLEAKS,
                "[{\"RuleID\": \"aws-access-token\", \"File\": [\"a\"]}]").field()).isEqualTo("/0/File");
    }

    @Test
    void aRepeatedMemberCountsOnceTheLastTime() {
        // As in a tree, the last RuleID wins: first a Twilio rule then another one is an ordinary finding, and the
        // other way round a Twilio finding without a usable value.
        RecordingSink generic = Reports.parseText(ReportFormat.GITLEAKS,
                "[{\"RuleID\": \"twilio-api-key\", \"RuleID\": \"generic-api-key\", \"Secret\": \"x\"}]");
        assertThat(generic.findings).isEmpty();
        assertThat(generic.ignored).isEqualTo(1);
        assertThat(generic.warnings).isEmpty();

        RecordingSink twilio = Reports.parseText(ReportFormat.GITLEAKS,
                "[{\"RuleID\": \"generic-api-key\", \"RuleID\": \"twilio-api-key\", \"Secret\": \"x\"}]");
        assertThat(twilio.findings).isEmpty();
        assertThat(twilio.ignored).isEqualTo(1);
        assertThat(twilio.warnings).hasSize(1);
    }

    @Test
    void numbersWhereTextIsExpectedAreReadAsText() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS,
                "[{\"RuleID\": \"twilio-api-key\", \"Secret\": \"" + KEY_SID + "\", \"Commit\": 1234567}]");
        assertThat(sink.only().commit()).isEqualTo("1234567");
    }
}
