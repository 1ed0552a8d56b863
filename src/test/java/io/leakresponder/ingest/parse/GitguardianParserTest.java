package io.leakresponder.ingest.parse;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;

class GitguardianParserTest {

    @Test
    void incidentsWithoutAVisibleSidAreIgnoredWithAWarning() {
        RecordingSink sink = Reports.parse(ReportFormat.GITGUARDIAN, "gitguardian/incidents.json");

        // 9002 carries the key SID in a custom tag; each occurrence gives a location
        assertThat(sink.findings).containsExactly(finding(33, "gitguardian", "twilio_api_keys").keySid(KEY_SID)
                .repository("https://github.com/acme/sms").at("src/sms.js", 7)
                .commit("0badc0de0badc0de0badc0de0badc0de0badc0de", "Ana Ops <ana@example.com>",
                        Instant.parse("2024-05-01T15:16:17Z"))
                .link("https://dashboard.gitguardian.com/workspace/8/incidents/9002")
                .detectedAt(Instant.parse("2024-05-07T11:00:00.000001Z")).validity("failed_to_check").build());
        assertThat(sink.ignored).isEqualTo(2);
        assertThat(sink.warnings).containsExactly("line 2: GitGuardian incident 9001 is about Twilio, but GitGuardian "
                + "incidents carry no credential value; skipped");
    }

    @Test
    void singleIncidentObject() {
        RecordingSink sink = Reports.parse(ReportFormat.GITGUARDIAN, "gitguardian/incident.json");

        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).containsExactly("line 1: GitGuardian incident 9004 is about Twilio, but GitGuardian "
                + "incidents carry no credential value; skipped");
    }

    @Test
    void incidentWithoutOccurrencesButWithASid() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITGUARDIAN, """
                {"id": 1, "detector": {"name": "twilio_api_keys"}, "secret_hash": "x",
                 "gitguardian_url": "https://dashboard.gitguardian.com/workspace/1/incidents/1",
                 "incident_name": "Twilio key %s", "date": "2024-01-01T00:00:00Z", "validity": "valid"}
                """.formatted(KEY_SID));

        assertThat(sink.only()).isEqualTo(finding(1, "gitguardian", "twilio_api_keys").keySid(KEY_SID)
                .link("https://dashboard.gitguardian.com/workspace/1/incidents/1")
                .detectedAt(Instant.parse("2024-01-01T00:00:00Z")).validity("valid").build());
    }

    @Test
    void hashesAreNotSearchedForIdentifiers() {
        // a hash field that happens to contain an AC-shaped run must not become a finding
        RecordingSink sink = Reports.parseText(ReportFormat.GITGUARDIAN,
                "{\"id\": 2, \"detector\": {\"name\": \"generic_high_entropy_secret\"}, "
                        + "\"secret_hash\": \"" + Fake.ACCOUNT_SID + "\", \"gitguardian_url\": \"u\"}");
        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void anotherFormatOrAWrongShapeIsRejected() {
        ReportFormatException github = Reports.refusal(ReportFormat.GITGUARDIAN, "github/alerts.json");
        assertThat(github.getMessage()).isEqualTo("line 2: not a GitGuardian incidents report: /0/detector is missing");
        assertThat(github.field()).isEqualTo("/0/detector");
        assertThat(github.line()).isEqualTo(2);
        assertThat(Reports.refusalOfText(ReportFormat.GITGUARDIAN,
                "[{\"id\": 1, \"detector\": {\"name\": \"aws_iam\"}}]").field()).isEqualTo("/0/secret_hash");
        assertThat(Reports.refusalOfText(ReportFormat.GITGUARDIAN,
                "[{\"id\": 1, \"detector\": \"twilio_api_keys\", \"secret_hash\": \"x\"}]").getMessage())
                .isEqualTo("line 1: not a GitGuardian incidents report: /0/detector must be an object");
        ReportFormatException lineStart = Reports.refusalOfText(ReportFormat.GITGUARDIAN,
                "[{\"id\": 1, \"detector\": {\"name\": \"twilio_api_keys\"}, \"secret_hash\": \"x\", "
                        + "\"occurrences\": [{\"filepath\": \"a\", \"matches\": [{\"post_line_start\": \"3\"}]}], "
                        + "\"incident_name\": \"" + KEY_SID + "\"}]");
        assertThat(lineStart.field()).isEqualTo("/0/occurrences/0/matches/0/post_line_start");
        assertThat(lineStart.getMessage()).doesNotContain(KEY_SID);
    }

    @Test
    void malformedIncidentListIsRejected() {
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GITGUARDIAN, "[{\"id\": 1,,}]");
        assertThat(e.getMessage()).isEqualTo("line 1: malformed JSON: unexpected character");
        assertThat(e.line()).isEqualTo(1);
    }
}
