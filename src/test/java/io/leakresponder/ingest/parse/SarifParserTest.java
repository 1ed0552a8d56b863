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

class SarifParserTest {

    private static final String COMMIT = "9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233";
    private static final String KF_COMMIT = "0badc0de0badc0de0badc0de0badc0de0badc0de";
    private static final String KF_BLOB = "https://github.com/acme/sms/blob/" + KF_COMMIT + "/src/sms.js";

    @Test
    void gitleaksSarifCarriesSecretAndCommitMetadata() {
        RecordingSink sink = Reports.parse(ReportFormat.SARIF, "sarif/gitleaks.sarif");

        Instant date = Instant.parse("2024-03-05T09:15:00Z");
        assertThat(sink.findings).containsExactly(
                new ScannerFinding(34, "gitleaks", "gitleaks/twilio-api-key", null, KEY_SID, null, null, null, null,
                        "config/twilio.yml", 12, COMMIT, "Jane Dev <jane@example.com>", date, null, null, null),
                new ScannerFinding(68, "gitleaks", "gitleaks/twilio-api-secret", null, null, KEY_SECRET,
                        SecretKind.API_KEY_SECRET, null, null, "config/twilio.yml", 13, COMMIT,
                        "Jane Dev <jane@example.com>", date, null, null, null));
        // the AWS key
        assertThat(sink.ignored).isEqualTo(1);
        // a generic 32-hex value (SARIF has no matched line to give it Twilio context) with no SID near it
        assertThat(sink.candidates).hasSize(1);
        assertThat(sink.paired().candidatesLeft()).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void otherToolsRunByRun() {
        RecordingSink sink = Reports.parse(ReportFormat.SARIF, "sarif/other-tools.sarif");

        Instant kfDate = Instant.parse("2025-06-12T00:00:00Z");
        assertThat(sink.findings).containsExactly(
                // Nosey Parker: the URI is the repository, the blob path the file, raw git timestamps
                new ScannerFinding(14, "noseyparker-cli", "noseyparker-cli/Twilio API Key", null, KEY_SID_2, null, null,
                        null, "/scans/acme-billing", "billing/notify.py", 21, "aa00bb11cc22dd33ee44ff5566778899aabbccdd",
                        "Lee Coder <lee@example.com>", Instant.ofEpochSecond(1_700_000_000L), null, null, null),
                new ScannerFinding(62, "kingfisher", "kingfisher/kingfisher.twilio.1", null, KEY_SID_2, null, null,
                        null, "https://github.com/acme/sms", "src/sms.js", 7, KF_COMMIT, "Ana Ops <ana@example.com>",
                        kfDate, KF_BLOB + "#L7", null, "Not Attempted"),
                new ScannerFinding(98, "kingfisher", "kingfisher/kingfisher.twilio.2", null, null, KEY_SECRET_2,
                        SecretKind.API_KEY_SECRET, null, "https://github.com/acme/sms", "src/sms.js", 8, KF_COMMIT,
                        "Ana Ops <ana@example.com>", kfDate, KF_BLOB + "#L8", null, "Active Credential"));
        // kingfisher's GitHub token, TruffleHog's and ggshield's value-less Twilio results
        assertThat(sink.ignored).isEqualTo(3);
        assertThat(sink.warnings).containsExactly(
                "line 154: trufflehog SARIF result is about Twilio but carries no usable value (redacted, or the "
                        + "tool writes none); skipped",
                "line 168: ggshield SARIF result is about Twilio but carries no usable value (redacted, or the "
                        + "tool writes none); skipped");
    }

    @Test
    void kingfisherHalvesPairAcrossResults() {
        RecordingSink sink = Reports.parse(ReportFormat.SARIF, "sarif/other-tools.sarif");

        assertThat(ReportPairing.pair(sink.findings))
                .filteredOn(f -> f.secret() != null)
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.keySid()).isEqualTo(KEY_SID_2))
                .anySatisfy(f -> {
                    assertThat(f.keySid()).isEqualTo(KEY_SID_2);
                    assertThat(f.secret()).isEqualTo(KEY_SECRET_2);
                    assertThat(f.line()).isEqualTo(8);
                });
    }

    @Test
    void resultsBeforeTheToolAreKept() {
        RecordingSink sink = Reports.parseText(ReportFormat.SARIF, """
                {"runs": [{"results": [{"ruleId": "twilio-api-key", "locations": [{"physicalLocation":
                  {"artifactLocation": {"uri": "a.env"}, "region": {"startLine": 4, "snippet": {"text": "%s"}}}}]}],
                  "tool": {"driver": {"name": "Gitleaks"}}}],
                 "version": "2.1.0"}""".formatted(KEY_SID));

        ScannerFinding f = sink.only();
        assertThat(f.scanner()).isEqualTo("gitleaks");
        assertThat(f.rule()).isEqualTo("gitleaks/twilio-api-key");
        assertThat(f.keySid()).isEqualTo(KEY_SID);
        assertThat(f.reportLine()).isEqualTo(1);
    }

    @Test
    void wrongVersionOrMissingPartsAreRejected() {
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.SARIF, "{\"version\": \"2.0.0\", \"runs\": []}"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("line 1: not a SARIF 2.1.0 report: /version must be \"2.1.0\"");
                    assertThat(e.field()).isEqualTo("/version");
                });
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.SARIF, "{\"version\": \"2.1.0\"}"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("not a SARIF 2.1.0 report: /runs is missing");
                    assertThat(e.field()).isEqualTo("/runs");
                });
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.SARIF, "{\"runs\": []}"))
                .isInstanceOfSatisfying(ReportFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("/version"));
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.SARIF,
                "{\"version\": \"2.1.0\",\n \"runs\": [{\"tool\": {\"driver\": {}}, \"results\": []}]}"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("/runs/0/tool/driver/name");
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> Reports.parse(ReportFormat.SARIF, "gitleaks/report.json"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("line 1: not a SARIF 2.1.0 report: the top level must be a JSON object"));
    }

    @Test
    void wrongTypeInsideAResultNamesThePointer() {
        String sarif = """
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "gitleaks"}}, "results": [
                  {"ruleId": "twilio-api-key", "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"},
                    "region": {"startLine": "7", "snippet": {"text": "%s"}}}}]}]}]}""".formatted(KEY_SID);
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.SARIF, sarif))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.field())
                            .isEqualTo("/runs/0/results/0/locations/0/physicalLocation/region/startLine");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).doesNotContain(KEY_SID);
                });
    }

    @Test
    void malformedSarifHidesTheSnippet() {
        String sarif = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"gitleaks\"}},\n"
                + "\"results\": [{\"ruleId\": \"twilio-api-key\", \"snippet\": '" + KEY_SID + "'}]}]}";
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.SARIF, sarif))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("line 2: malformed JSON: unexpected character");
                    assertThat(e.getMessage()).doesNotContain(KEY_SID);
                });
    }
}
