package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET_2;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.Fake.KEY_SID_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                new ScannerFinding(2, "kingfisher", "kingfisher.twilio.1", null, KEY_SID, null, null, null,
                        "https://github.com/acme/sms", "src/sms.js", 7, SMS_COMMIT, "Ana Ops <ana@example.com>", date,
                        SMS_BLOB + "#L7", null, "Not Attempted"),
                new ScannerFinding(36, "kingfisher", "kingfisher.twilio.2", null, null, KEY_SECRET,
                        SecretKind.API_KEY_SECRET, null, "https://github.com/acme/sms", "src/sms.js", 8, SMS_COMMIT,
                        "Ana Ops <ana@example.com>", date, SMS_BLOB + "#L8", null, "Active Credential"));
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(ReportPairing.pair(sink.findings)).hasSize(2)
                .allSatisfy(f -> assertThat(f.secret()).isNotNull()).anySatisfy(f -> {
            assertThat(f.keySid()).isEqualTo(KEY_SID);
            assertThat(f.secret()).isEqualTo(KEY_SECRET);
            assertThat(f.scannerValidity()).isEqualTo("Active Credential");
        });
    }

    @Test
    void envelopeWithDependentCaptures() {
        RecordingSink sink = Reports.parse(ReportFormat.KINGFISHER, "kingfisher/envelope.json");

        assertThat(sink.findings).containsExactly(opsFinding(3));
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void jsonLinesSkipAccessMapAndAuditLines() {
        RecordingSink sink = Reports.parse(ReportFormat.KINGFISHER, "kingfisher/report.jsonl");

        assertThat(sink.findings).containsExactly(opsFinding(1));
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void emptyJsonLinesOutput() {
        assertThat(Reports.parseText(ReportFormat.KINGFISHER, "").findings).isEmpty();
    }

    @Test
    void anotherFormatOrAWrongShapeIsRejected() {
        assertThatThrownBy(() -> Reports.parse(ReportFormat.KINGFISHER, "gitleaks/report.json"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("line 2: not a Kingfisher JSON report: /0/matches is missing");
                    assertThat(e.field()).isEqualTo("/0/matches");
                });
        assertThatThrownBy(() -> Reports.parse(ReportFormat.KINGFISHER, "detect-secrets/baseline.json"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("line 1: not a Kingfisher JSON report: the top level has neither findings nor rule "
                                + "and finding"));
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.KINGFISHER,
                "{\"rule\":{\"id\":\"kingfisher.twilio.1\"},\"finding\":{\"snippet\":\"" + KEY_SID + "\",\"line\":7}}\n"
                        + "{\"rule\":{\"id\":\"kingfisher.twilio.2\"}}\n"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("line 2: not a Kingfisher JSON report: /finding is missing");
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.KINGFISHER,
                "{\"findings\":[{\"rule\":{\"id\":\"kingfisher.twilio.2\"},\"finding\":{\"snippet\":\"" + KEY_SECRET
                        + "\",\"line\":\"8\"}}]}"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("/findings/0/finding/line");
                    assertThat(e.getMessage()).doesNotContain(KEY_SECRET);
                });
    }

    @Test
    void malformedJsonLineHidesTheSnippet() {
        String report = "{\"rule\":{\"id\":\"kingfisher.twilio.1\"},\"finding\":{\"snippet\":\"" + KEY_SID + "\"}}\n"
                + "{\"rule\":{\"id\":\"kingfisher.twilio.2\"},\"finding\":{\"snippet\":" + KEY_SECRET + "}}\n";
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.KINGFISHER, report))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("line 2: malformed JSON: unrecognized token");
                    assertThat(e.getMessage()).doesNotContain(KEY_SECRET).doesNotContain(KEY_SID);
                });
    }

    private static ScannerFinding opsFinding(int reportLine) {
        return new ScannerFinding(reportLine, "kingfisher", "kingfisher.twilio.2", null, KEY_SID_2, KEY_SECRET_2,
                SecretKind.API_KEY_SECRET, null, "https://github.com/acme/ops", "ops/alerts.py", 12, OPS_COMMIT,
                "Kim Lab <kim@example.com>", Instant.parse("2025-11-25T00:00:00Z"),
                "https://github.com/acme/ops/blob/" + OPS_COMMIT + "/ops/alerts.py#L12", null, "verified_active");
    }
}
