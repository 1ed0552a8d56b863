package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;

class DetectSecretsParserTest {

    @Test
    void baselineGivesHashOnlyFindingsForTheTwilioType() throws Exception {
        RecordingSink sink = Reports.parse(ReportFormat.DETECT_SECRETS, "detect-secrets/baseline.json");

        assertThat(sink.findings).containsExactly(
                finding(15, "detect-secrets", "Twilio API Key").secretSha1(sha1(ACCOUNT_SID))
                        .at("config/twilio.py", 4).validity("unverified").build(),
                // the baseline's uppercase hash is normalised
                finding(29, "detect-secrets", "Twilio API Key").secretSha1(sha1(KEY_SID))
                        .at("config/twilio.py", 9).validity("verified").build());
        // a hashed hex string and a keyword hit cannot be tied to Twilio without the value
        assertThat(sink.ignored).isEqualTo(2);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void auditReportCarriesRawValuesAndLines() {
        RecordingSink sink = Reports.parse(ReportFormat.DETECT_SECRETS, "detect-secrets/audit-report.json");

        assertThat(sink.findings).containsExactly(
                finding(3, "detect-secrets", "Twilio API Key").accountSid(ACCOUNT_SID).at("config/twilio.py", 4)
                        .validity("UNVERIFIED").build(),
                finding(12, "detect-secrets", "Hex High Entropy String,Secret Keyword")
                        .secret(AUTH_TOKEN, SecretKind.AUTH_TOKEN).at("config/twilio.py", 5).validity("UNVERIFIED")
                        .build());
        assertThat(sink.ignored).isEqualTo(1);
        // Both halves become occurrences of the one paired credential.
        assertThat(ReportPairing.pair(sink.findings)).hasSize(2).allSatisfy(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
        });
    }

    @Test
    void twilioResultWithoutUsableHashIsWarnedAbout() {
        RecordingSink sink = Reports.parseText(ReportFormat.DETECT_SECRETS,
                "{\"results\": {\"a.py\": [{\"type\": \"Twilio API Key\", \"hashed_secret\": \"nope\"}]}}");
        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings)
                .containsExactly("line 1: detect-secrets Twilio result without a SHA-1 hashed_secret; skipped");
    }

    @Test
    void anotherFormatOrAWrongShapeIsRejected() {
        assertThat(Reports.refusal(ReportFormat.DETECT_SECRETS, "gitleaks/report.json").getMessage())
                .isEqualTo("line 1: not a detect-secrets baseline report: the top level must be a JSON object");
        ReportFormatException ggshield = Reports.refusal(ReportFormat.DETECT_SECRETS, "ggshield/path-scan.json");
        assertThat(ggshield.getMessage()).isEqualTo("not a detect-secrets baseline report: /results is missing");
        assertThat(ggshield.field()).isEqualTo("/results");
        assertThat(Reports.refusalOfText(ReportFormat.DETECT_SECRETS, "{\"results\": 3}").field())
                .isEqualTo("/results");
        ReportFormatException lineNumber = Reports.refusalOfText(ReportFormat.DETECT_SECRETS,
                "{\"results\": {\"config/twilio.py\": [\n{\"type\": \"Twilio API Key\", \"line_number\": \"4\"}]}}");
        assertThat(lineNumber.field()).isEqualTo("/results/config~1twilio.py/0/line_number");
        assertThat(lineNumber.line()).isEqualTo(2);
        assertThat(Reports.refusalOfText(ReportFormat.DETECT_SECRETS,
                "{\"results\": {\"a.py\": [{\"hashed_secret\": \"x\"}]}}").field())
                .isEqualTo("/results/a.py/0/type");
    }

    @Test
    void malformedAuditReportHidesTheRawSecret() {
        String report = "{\"results\": [{\"secrets\": \"" + AUTH_TOKEN + "\", \"types\": [\"Secret Keyword\"],\n"
                + "\"lines\": {\"5\": \"TWILIO_AUTH_TOKEN = " + AUTH_TOKEN + "\"}";
        ReportFormatException e = Reports.refusalOfText(ReportFormat.DETECT_SECRETS, report);
        assertThat(e.getMessage()).isEqualTo("line 2: malformed JSON: unexpected end of input");
        assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN);
    }

    private static String sha1(String value) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
