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

class GgshieldParserTest {

    @Test
    void pathScanWithShownSecretsPairsTheIncidentsMatches() {
        RecordingSink sink = Reports.parse(ReportFormat.GGSHIELD, "ggshield/path-scan.json");

        assertThat(sink.findings).containsExactly(finding(5, "ggshield", "Twilio Master Credentials")
                .accountSid(ACCOUNT_SID).secret(AUTH_TOKEN, SecretKind.AUTH_TOKEN).at("deploy/.env", 1)
                .link("https://dashboard.gitguardian.com/workspace/8/incidents/9001").validity("valid").build());
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void commitRangeScanTakesCommitAndAuthorFromTheScan() {
        RecordingSink sink = Reports.parse(ReportFormat.GGSHIELD, "ggshield/commit-range.json");

        assertThat(sink.findings).containsExactly(finding(5, "ggshield", "Twilio Keys").keySid(KEY_SID)
                .secret(KEY_SECRET, SecretKind.API_KEY_SECRET).at("src/sms.js", 7)
                .commit("0badc0de0badc0de0badc0de0badc0de0badc0de", "Ana Ops <ana@example.com>",
                        Instant.parse("2025-07-03T12:25:44Z"))
                .link("https://dashboard.gitguardian.com/workspace/8/incidents/9002").validity("failed_to_check")
                .build());
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void censoredMatchesAreNotCredentials() {
        RecordingSink sink = Reports.parse(ReportFormat.GGSHIELD, "ggshield/censored.json");

        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).containsExactly("skipped 2 censored ggshield match(es) of Twilio incidents (first "
                + "at line 5): a censored value is not a credential; run ggshield with --show-secrets");
    }

    @Test
    void gitDefaultDatesWithOneDigitDays() {
        assertThat(Dates.gitDefault("Thu Jul 3 14:25:44 2025 +0200")).isEqualTo(Instant.parse("2025-07-03T12:25:44Z"));
        assertThat(Dates.gitDefault("Mon Dec 15 09:00:00 2025 -0500")).isEqualTo(Instant.parse("2025-12-15T14:00:00Z"));
        assertThat(Dates.gitDefault("yesterday")).isNull();
    }

    @Test
    void anotherFormatOrAWrongTypeIsRejected() {
        assertThat(Reports.refusal(ReportFormat.GGSHIELD, "detect-secrets/baseline.json").getMessage())
                .isEqualTo("line 1: not a ggshield JSON report: the top level has none of "
                        + "entities_with_incidents, scans, secrets_engine_version");
        assertThat(Reports.refusal(ReportFormat.GGSHIELD, "gitleaks/report.json").getMessage())
                .isEqualTo("line 1: not a ggshield JSON report: the top level must be a JSON object");
        String report = """
                {"type": "path_scan", "id": "x", "entities_with_incidents": [
                  {"filename": "a", "incidents": [{"type": "Twilio Keys", "occurrences": [
                    {"match": "%s", "type": "client_id", "line_start": "1"}]}]}]}""".formatted(KEY_SID);
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GGSHIELD, report);
        assertThat(e.field()).isEqualTo("/entities_with_incidents/0/incidents/0/occurrences/0/line_start");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).doesNotContain(KEY_SID);
    }
}
