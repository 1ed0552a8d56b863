package io.leakresponder.ingest.parse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatDetectorTest {

    @ParameterizedTest
    @CsvSource({
            "gitleaks/report.json, GITLEAKS",
            "gitleaks/report.csv, GITLEAKS_CSV",
            "gitleaks/no-link.csv, GITLEAKS_CSV",
            "sarif/gitleaks.sarif, SARIF",
            "sarif/other-tools.sarif, SARIF",
            "trufflehog/report.jsonl, TRUFFLEHOG",
            "github/alerts.json, GITHUB",
            "github/alert.json, GITHUB",
            "gitguardian/incidents.json, GITGUARDIAN",
            "gitguardian/incident.json, GITGUARDIAN",
            "ggshield/path-scan.json, GGSHIELD",
            "ggshield/commit-range.json, GGSHIELD",
            "ggshield/censored.json, GGSHIELD",
            "detect-secrets/baseline.json, DETECT_SECRETS",
            "noseyparker/report.json, NOSEYPARKER",
            "kingfisher/old-1x.json, KINGFISHER",
            "kingfisher/envelope.json, KINGFISHER",
            "kingfisher/report.jsonl, KINGFISHER",
            "text/env.txt, TEXT",
            "text/quiet.txt, TEXT",
    })
    void recognisesEveryFixture(String path, ReportFormat expected) throws IOException {
        assertThat(detect(Reports.bytes(path))).isEqualTo(expected);
    }

    @Test
    void leavesTheStreamAtItsStartForTheParser() throws IOException {
        byte[] body = Reports.bytes("kingfisher/envelope.json");
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(body));

        assertThat(FormatDetector.detect(in)).isEqualTo(ReportFormat.KINGFISHER);
        assertThat(in.readAllBytes()).isEqualTo(body);
    }

    @Test
    void byteOrderMarkDoesNotHideTheFormat() throws IOException {
        byte[] body = Reports.bytes("github/alerts.json");
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        assertThat(detect(withBom)).isEqualTo(ReportFormat.GITHUB);
        // and the parser chosen for it reads past the mark as well
        RecordingSink sink = new RecordingSink();
        assertThat(ReportParsers.parse(new ByteArrayInputStream(withBom), null, sink)).isEqualTo(ReportFormat.GITHUB);
        assertThat(sink.findings).hasSize(2);
    }

    @Test
    void truffleHogAfterLeadingTextLogLines() throws IOException {
        String body = "2025-01-10T10:00:00Z\tinfo-0\ttrufflehog\trunning source\n".repeat(5)
                + new String(Reports.bytes("trufflehog/report.jsonl"), StandardCharsets.UTF_8);
        assertThat(detect(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.TRUFFLEHOG);
    }

    @Test
    void emptyGitleaksReport() throws IOException {
        assertThat(detect("[]\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.GITLEAKS);
    }

    @Test
    void headCutAt64KibStillTells() throws IOException {
        String message = "x".repeat(100_000);
        String report = "[\n {\"RuleID\": \"generic-api-key\", \"Message\": \"" + message + "\"}\n]";
        assertThat(detect(report.getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.GITLEAKS);

        String nosey = "[{\"comment\": null, \"finding_id\": \"f\", \"groups\": [], \"matches\": [{\"comment\": \""
                + message + "\"}], \"rule_text_id\": \"np.twilio.1\"}]";
        assertThat(detect(nosey.getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.NOSEYPARKER);
    }

    @Test
    void unknownJsonAndProseAreText() throws IOException {
        assertThat(detect("{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.TEXT);
        assertThat(detect("[1, 2, 3]".getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.TEXT);
        assertThat(detect("{not json at all".getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.TEXT);
        assertThat(detect("found a key in config.py\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.TEXT);
    }

    @Test
    void sarifWhoseVersionComesAfterALongRunsArray() throws IOException {
        String sarif = "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"runs\": [{\"tool\": "
                + "{\"driver\": {\"name\": \"x\"}}, \"results\": [" + "{\"ruleId\": \"r\"},".repeat(10_000)
                + "{}]}], \"version\": \"2.1.0\"}";
        assertThat(detect(sarif.getBytes(StandardCharsets.UTF_8))).isEqualTo(ReportFormat.SARIF);
    }

    @Test
    void sarifNeedsVersionTwoOneZero() throws IOException {
        assertThat(detect("{\"version\": \"2.0.0\", \"runs\": []}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ReportFormat.TEXT);
    }

    @Test
    void emptyBodyIsAnError() {
        for (String body : new String[]{"", "  \n\t\n", "\uFEFF"}) {
            assertThatThrownBy(() -> detect(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("the request body is empty");
                        assertThat(e.line()).isNull();
                        assertThat(e.field()).isNull();
                    });
        }
    }

    private static ReportFormat detect(byte[] body) throws IOException {
        return FormatDetector.detect(new BufferedInputStream(new ByteArrayInputStream(body)));
    }
}
