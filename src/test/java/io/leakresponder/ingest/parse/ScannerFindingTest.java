package io.leakresponder.ingest.parse;

import org.junit.jupiter.api.Test;

import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

class ScannerFindingTest {

    @Test
    void toStringNeverPrintsTheSecret() {
        RecordingSink sink = Reports.parse(ReportFormat.TRUFFLEHOG, "trufflehog/report.jsonl");

        assertThat(sink.findings).isNotEmpty().allSatisfy(f -> assertThat(f.toString())
                .doesNotContain(f.secret())
                .contains("secret=…" + f.secret().substring(28)));
        assertThat(sink.findings.toString()).doesNotContain(AUTH_TOKEN).doesNotContain(KEY_SECRET);
    }

    @Test
    void warningsNeverContainValues() {
        RecordingSink sink = new RecordingSink();
        for (String path : new String[]{"gitleaks/report.json", "sarif/other-tools.sarif", "github/alerts.json",
                "ggshield/censored.json", "gitguardian/incidents.json"}) {
            RecordingSink one = Reports.parse(ReportParsersTest.formatOf(path), path);
            sink.warnings.addAll(one.warnings);
        }
        sink.warnings.addAll(Reports.parse(ReportFormat.TRUFFLEHOG, "trufflehog/report.jsonl").warnings);

        assertThat(sink.warnings).isNotEmpty().allSatisfy(w -> assertThat(w)
                .doesNotContain(AUTH_TOKEN).doesNotContain(KEY_SECRET)
                .doesNotContain("deadbeef").doesNotContain("cafebabe").doesNotContain("eyJ"));
    }
}
