package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET_2;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.Fake.KEY_SID_2;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;

class KingfisherParserTest {

    private static final String SMS_COMMIT = "0badc0de0badc0de0badc0de0badc0de0badc0de";
    private static final String SMS_BLOB = "https://github.com/acme/sms/blob/" + SMS_COMMIT + "/src/sms.js";
    private static final String OPS_COMMIT = "4444444444444444444444444444444444444444";

    @Test
    void oldArrayFormatWithSeparateIdAndKeyRules() {
        RecordingSink sink = Reports.parse(ReportFormat.KINGFISHER, "kingfisher/old-1x.json");

        Instant date = Instant.parse("2025-06-12T00:00:00Z");
        assertThat(sink.findings).containsExactly(
                // the repository-relative path from git_metadata beats the local clone path
                finding(2, "kingfisher", "kingfisher.twilio.1").keySid(KEY_SID)
                        .repository("https://github.com/acme/sms").at("src/sms.js", 7)
                        .commit(SMS_COMMIT, "Ana Ops <ana@example.com>", date).link(SMS_BLOB + "#L7")
                        .validity("Not Attempted").build(),
                finding(36, "kingfisher", "kingfisher.twilio.2").secret(KEY_SECRET, SecretKind.API_KEY_SECRET)
                        .repository("https://github.com/acme/sms").at("src/sms.js", 8)
                        .commit(SMS_COMMIT, "Ana Ops <ana@example.com>", date).link(SMS_BLOB + "#L8")
                        .validity("Active Credential").build());
        assertThat(sink.ignored).isEqualTo(1);
        Halves.assertTheKeyPairs(sink.findings,
                paired -> assertThat(paired.scannerValidity()).isEqualTo("Active Credential"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // the envelope, with dependent captures
            "kingfisher/envelope.json, 3",
            // JSON lines: the access-map and audit lines are skipped
            "kingfisher/report.jsonl, 1"
    })
    void envelopeAndJsonLinesCarryTheOpsKey(String fixture, int reportLine) {
        RecordingSink sink = Reports.parse(ReportFormat.KINGFISHER, fixture);

        assertThat(sink.findings).containsExactly(opsFinding(reportLine));
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void emptyJsonLinesOutput() {
        assertThat(Reports.parseText(ReportFormat.KINGFISHER, "").findings).isEmpty();
    }

    @Test
    void anotherFormatOrAWrongShapeIsRejected() {
        ReportFormatException gitleaks = Reports.refusal(ReportFormat.KINGFISHER, "gitleaks/report.json");
        assertThat(gitleaks.getMessage()).isEqualTo("line 2: not a Kingfisher JSON report: /0/matches is missing");
        assertThat(gitleaks.field()).isEqualTo("/0/matches");
        assertThat(Reports.refusal(ReportFormat.KINGFISHER, "detect-secrets/baseline.json").getMessage())
                .isEqualTo("line 1: not a Kingfisher JSON report: the top level has neither findings nor rule "
                        + "and finding");
        ReportFormatException noFinding = Reports.refusalOfText(ReportFormat.KINGFISHER,
                "{\"rule\":{\"id\":\"kingfisher.twilio.1\"},\"finding\":{\"snippet\":\"" + KEY_SID + "\",\"line\":7}}\n"
                        + "{\"rule\":{\"id\":\"kingfisher.twilio.2\"}}\n");
        assertThat(noFinding.getMessage()).isEqualTo("line 2: not a Kingfisher JSON report: /finding is missing");
        assertThat(noFinding.line()).isEqualTo(2);
        ReportFormatException lineType = Reports.refusalOfText(ReportFormat.KINGFISHER,
                "{\"findings\":[{\"rule\":{\"id\":\"kingfisher.twilio.2\"},\"finding\":{\"snippet\":\"" + KEY_SECRET
                        + "\",\"line\":\"8\"}}]}");
        assertThat(lineType.field()).isEqualTo("/findings/0/finding/line");
        assertThat(lineType.getMessage()).doesNotContain(KEY_SECRET);
    }

    @Test
    void malformedJsonLineHidesTheSnippet() {
        String report = "{\"rule\":{\"id\":\"kingfisher.twilio.1\"},\"finding\":{\"snippet\":\"" + KEY_SID + "\"}}\n"
                + "{\"rule\":{\"id\":\"kingfisher.twilio.2\"},\"finding\":{\"snippet\":" + KEY_SECRET + "}}\n";
        ReportFormatException e = Reports.refusalOfText(ReportFormat.KINGFISHER, report);
        assertThat(e.getMessage()).isEqualTo("line 2: malformed JSON: unrecognized token");
        assertThat(e.getMessage()).doesNotContain(KEY_SECRET).doesNotContain(KEY_SID);
    }

    private static ScannerFinding opsFinding(int reportLine) {
        return finding(reportLine, "kingfisher", "kingfisher.twilio.2").keySid(KEY_SID_2)
                .secret(KEY_SECRET_2, SecretKind.API_KEY_SECRET).repository("https://github.com/acme/ops")
                .at("ops/alerts.py", 12)
                .commit(OPS_COMMIT, "Kim Lab <kim@example.com>", Instant.parse("2025-11-25T00:00:00Z"))
                .link("https://github.com/acme/ops/blob/" + OPS_COMMIT + "/ops/alerts.py#L12")
                .validity("verified_active").build();
    }
}
