package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET_2;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.Fake.KEY_SID_2;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;

class SarifParserTest {

    private static final String KF_COMMIT = "0badc0de0badc0de0badc0de0badc0de0badc0de";
    private static final String KF_REPOSITORY = "https://github.com/acme/sms";
    private static final String KF_BLOB = KF_REPOSITORY + "/blob/" + KF_COMMIT + "/src/sms.js";
    private static final String KF_AUTHOR = "Ana Ops <ana@example.com>";

    @Test
    void gitleaksSarifCarriesSecretAndCommitMetadata() {
        RecordingSink sink = Reports.parse(ReportFormat.SARIF, "sarif/gitleaks.sarif");

        // SARIF carries neither the repository nor a link
        assertThat(sink.findings).containsExactly(
                finding(34, "gitleaks", "gitleaks/twilio-api-key").keySid(KEY_SID).at(BillingLeak.FILE, 12)
                        .commit(BillingLeak.COMMIT, BillingLeak.AUTHOR, BillingLeak.DATE).build(),
                finding(68, "gitleaks", "gitleaks/twilio-api-secret").secret(KEY_SECRET, SecretKind.API_KEY_SECRET)
                        .at(BillingLeak.FILE, 13).commit(BillingLeak.COMMIT, BillingLeak.AUTHOR, BillingLeak.DATE)
                        .build());
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
                finding(14, "noseyparker-cli", "noseyparker-cli/Twilio API Key").keySid(KEY_SID_2)
                        .repository("/scans/acme-billing").at("billing/notify.py", 21)
                        .commit("aa00bb11cc22dd33ee44ff5566778899aabbccdd", "Lee Coder <lee@example.com>",
                                Instant.ofEpochSecond(1_700_000_000L))
                        .build(),
                finding(62, "kingfisher", "kingfisher/kingfisher.twilio.1").keySid(KEY_SID_2).repository(KF_REPOSITORY)
                        .at("src/sms.js", 7).commit(KF_COMMIT, KF_AUTHOR, kfDate).link(KF_BLOB + "#L7")
                        .validity("Not Attempted").build(),
                finding(98, "kingfisher", "kingfisher/kingfisher.twilio.2")
                        .secret(KEY_SECRET_2, SecretKind.API_KEY_SECRET).repository(KF_REPOSITORY).at("src/sms.js", 8)
                        .commit(KF_COMMIT, KF_AUTHOR, kfDate).link(KF_BLOB + "#L8").validity("Active Credential")
                        .build());
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
        ReportFormatException version = Reports.refusalOfText(ReportFormat.SARIF,
                "{\"version\": \"2.0.0\", \"runs\": []}");
        assertThat(version.getMessage()).isEqualTo("line 1: not a SARIF 2.1.0 report: /version must be \"2.1.0\"");
        assertThat(version.field()).isEqualTo("/version");
        ReportFormatException runs = Reports.refusalOfText(ReportFormat.SARIF, "{\"version\": \"2.1.0\"}");
        assertThat(runs.getMessage()).isEqualTo("not a SARIF 2.1.0 report: /runs is missing");
        assertThat(runs.field()).isEqualTo("/runs");
        assertThat(Reports.refusalOfText(ReportFormat.SARIF, "{\"runs\": []}").field()).isEqualTo("/version");
        ReportFormatException name = Reports.refusalOfText(ReportFormat.SARIF,
                "{\"version\": \"2.1.0\",\n \"runs\": [{\"tool\": {\"driver\": {}}, \"results\": []}]}");
        assertThat(name.field()).isEqualTo("/runs/0/tool/driver/name");
        assertThat(name.line()).isEqualTo(2);
        assertThat(Reports.refusal(ReportFormat.SARIF, "gitleaks/report.json").getMessage())
                .isEqualTo("line 1: not a SARIF 2.1.0 report: the top level must be a JSON object");
    }

    @Test
    void wrongTypeInsideAResultNamesThePointer() {
        String sarif = """
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "gitleaks"}}, "results": [
                  {"ruleId": "twilio-api-key", "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"},
                    "region": {"startLine": "7", "snippet": {"text": "%s"}}}}]}]}]}""".formatted(KEY_SID);
        ReportFormatException e = Reports.refusalOfText(ReportFormat.SARIF, sarif);
        assertThat(e.field()).isEqualTo("/runs/0/results/0/locations/0/physicalLocation/region/startLine");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).doesNotContain(KEY_SID);
    }

    @Test
    void malformedSarifHidesTheSnippet() {
        String sarif = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"gitleaks\"}},\n"
                + "\"results\": [{\"ruleId\": \"twilio-api-key\", \"snippet\": '" + KEY_SID + "'}]}]}";
        ReportFormatException e = Reports.refusalOfText(ReportFormat.SARIF, sarif);
        assertThat(e.getMessage()).isEqualTo("line 2: malformed JSON: unexpected character");
        assertThat(e.getMessage()).doesNotContain(KEY_SID);
    }
}
