package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class NoseyParkerParserTest {

    private static final String COMMIT = "aa00bb11cc22dd33ee44ff5566778899aabbccdd";
    // "1700000000 +0100": the seconds are UTC whatever the author's offset
    private static final Instant AUTHORED = Instant.parse("2023-11-14T22:13:20Z");

    @Test
    void mapsGitProvenanceAndDecodesGroups() {
        RecordingSink sink = Reports.parse(ReportFormat.NOSEYPARKER, "noseyparker/report.json");

        assertThat(sink.findings).containsExactly(
                finding(2, "noseyparker", "np.twilio.1").keySid(KEY_SID).repository("/scans/acme-billing")
                        .at("billing/notify.py", 21).commit(COMMIT, "Lee Coder <lee@example.com>", AUTHORED).build(),
                // a generic rule: the key name in the line before the match gives the Twilio context
                finding(69, "noseyparker", "np.generic.1").secret(KEY_SECRET, SecretKind.API_KEY_SECRET)
                        .repository("/scans/acme-billing").at("billing/notify.py", 22)
                        .commit(COMMIT, "Lee Coder <lee@example.com>", AUTHORED).build());
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
        Halves.assertTheKeyPairs(sink.findings, paired -> assertThat(paired.rule()).isEqualTo("np.generic.1"));
    }

    @Test
    void fileProvenance() {
        RecordingSink sink = Reports.parseText(ReportFormat.NOSEYPARKER, """
                [{"finding_id": "f", "rule_name": "Twilio API Key", "rule_text_id": "np.twilio.1", "groups": [],
                  "matches": [{"groups": ["%s"], "location": {"source_span": {"start": {"line": 5, "column": 0}}},
                    "provenance": [{"kind": "file", "path": "/srv/app/.env"}],
                    "snippet": {"before": "", "matching": "TWILIO %s", "after": ""}}]}]
                """.formatted(base64(ACCOUNT_SID), ACCOUNT_SID));

        assertThat(sink.only()).isEqualTo(
                finding(1, "noseyparker", "np.twilio.1").accountSid(ACCOUNT_SID).at("/srv/app/.env", 5).build());
    }

    @Test
    void jsonLinesCarryTheSameFindings() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode finding : mapper
                .readTree(Reports.bytes("noseyparker/report.json"))) {
            lines.append(mapper.writeValueAsString(finding)).append('\n');
        }

        RecordingSink sink = Reports.parseText(ReportFormat.NOSEYPARKER, lines.toString());
        assertThat(sink.findings).extracting(ScannerFinding::reportLine, ScannerFinding::keySid, ScannerFinding::secret)
                .containsExactly(tuple(1, KEY_SID, null),
                        tuple(2, null, KEY_SECRET));
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(FormatDetector.detect(new java.io.BufferedInputStream(new java.io.ByteArrayInputStream(
                lines.toString().getBytes(StandardCharsets.UTF_8))))).isEqualTo(ReportFormat.NOSEYPARKER);
    }

    @Test
    void anotherFormatOrAWrongShapeIsRejected() {
        ReportFormatException github = Reports.refusal(ReportFormat.NOSEYPARKER, "github/alerts.json");
        assertThat(github.getMessage()).isEqualTo("line 2: not a Nosey Parker JSON report: /0/rule_text_id is missing");
        assertThat(github.field()).isEqualTo("/0/rule_text_id");
        assertThat(Reports.refusalOfText(ReportFormat.NOSEYPARKER, "[{\"rule_text_id\": \"np.twilio.1\"}]").field())
                .isEqualTo("/0/matches");
        ReportFormatException base64 = Reports.refusalOfText(ReportFormat.NOSEYPARKER,
                "[{\"rule_text_id\": \"np.twilio.1\", \"matches\": [{\"groups\": [\"not base64!\"]}]}]");
        assertThat(base64.getMessage())
                .isEqualTo("line 1: not a Nosey Parker JSON report: /0/matches/0/groups/0 must be base64");
        assertThat(base64.field()).isEqualTo("/0/matches/0/groups/0");
        assertThat(Reports.refusal(ReportFormat.NOSEYPARKER, "kingfisher/envelope.json").getMessage())
                .isEqualTo("line 1: not a Nosey Parker JSON report: /rule_text_id is missing");
        assertThat(Reports.refusalOfText(ReportFormat.NOSEYPARKER, "\"np.twilio.1\"").getMessage())
                .isEqualTo("line 1: not a Nosey Parker JSON report: the top level must be a JSON array or "
                        + "one finding per line");
    }

    @Test
    void malformedReportHidesTheSnippet() {
        String report = "[{\"rule_text_id\": \"np.twilio.1\", \"matches\": [{\"snippet\": {\"matching\": \"twilio "
                + KEY_SID + "\"}}]},\n{]";
        ReportFormatException e = Reports.refusalOfText(ReportFormat.NOSEYPARKER, report);
        assertThat(e.getMessage()).isEqualTo("line 2: malformed JSON: unbalanced brackets");
        assertThat(e.getMessage()).doesNotContain(KEY_SID);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
