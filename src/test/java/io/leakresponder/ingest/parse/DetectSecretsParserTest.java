package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectSecretsParserTest {

    @Test
    void baselineGivesHashOnlyFindingsForTheTwilioType() throws Exception {
        RecordingSink sink = Reports.parse(ReportFormat.DETECT_SECRETS, "detect-secrets/baseline.json");

        assertThat(sink.findings).containsExactly(
                new ScannerFinding(15, "detect-secrets", "Twilio API Key", null, null, null, null, sha1(ACCOUNT_SID),
                        null, "config/twilio.py", 4, null, null, null, null, null, "unverified"),
                // the baseline's uppercase hash is normalised
                new ScannerFinding(29, "detect-secrets", "Twilio API Key", null, null, null, null, sha1(KEY_SID),
                        null, "config/twilio.py", 9, null, null, null, null, null, "verified"));
        // a hashed hex string and a keyword hit cannot be tied to Twilio without the value
        assertThat(sink.ignored).isEqualTo(2);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void auditReportCarriesRawValuesAndLines() {
        RecordingSink sink = Reports.parse(ReportFormat.DETECT_SECRETS, "detect-secrets/audit-report.json");

        assertThat(sink.findings).containsExactly(
                new ScannerFinding(3, "detect-secrets", "Twilio API Key", ACCOUNT_SID, null, null, null, null, null,
                        "config/twilio.py", 4, null, null, null, null, null, "UNVERIFIED"),
                new ScannerFinding(12, "detect-secrets", "Hex High Entropy String,Secret Keyword", null, null,
                        AUTH_TOKEN, SecretKind.AUTH_TOKEN, null, null, "config/twilio.py", 5, null, null, null, null,
                        null, "UNVERIFIED"));
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
        assertThatThrownBy(() -> Reports.parse(ReportFormat.DETECT_SECRETS, "gitleaks/report.json"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("line 1: not a detect-secrets baseline report: the top level must be a JSON object"));
        assertThatThrownBy(() -> Reports.parse(ReportFormat.DETECT_SECRETS, "ggshield/path-scan.json"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("not a detect-secrets baseline report: /results is missing");
                    assertThat(e.field()).isEqualTo("/results");
                });
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.DETECT_SECRETS, "{\"results\": 3}"))
                .isInstanceOfSatisfying(ReportFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("/results"));
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.DETECT_SECRETS,
                "{\"results\": {\"config/twilio.py\": [\n{\"type\": \"Twilio API Key\", \"line_number\": \"4\"}]}}"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("/results/config~1twilio.py/0/line_number");
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.DETECT_SECRETS,
                "{\"results\": {\"a.py\": [{\"hashed_secret\": \"x\"}]}}"))
                .isInstanceOfSatisfying(ReportFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("/results/a.py/0/type"));
    }

    @Test
    void malformedAuditReportHidesTheRawSecret() {
        String report = "{\"results\": [{\"secrets\": \"" + AUTH_TOKEN + "\", \"types\": [\"Secret Keyword\"],\n"
                + "\"lines\": {\"5\": \"TWILIO_AUTH_TOKEN = " + AUTH_TOKEN + "\"}";
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.DETECT_SECRETS, report))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("line 2: malformed JSON: unexpected end of input");
                    assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN);
                });
    }

    private static String sha1(String value) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
