package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;

class GitleaksCsvParserTest {

    private static final String HEADER = "RuleID,Commit,File,SymlinkFile,Secret,Match,StartLine,EndLine,StartColumn,"
            + "EndColumn,Author,Message,Date,Email,Fingerprint,Tags\n";

    @Test
    void mapsRowsWithTheLinkColumn() {
        RecordingSink sink = Reports.parse(ReportFormat.GITLEAKS_CSV, "gitleaks/report.csv");

        // the first row's quoted message spans two lines, so the second row starts on line 4
        assertThat(sink.findings).containsExactly(BillingLeak.gitleaksKeySid(2), BillingLeak.gitleaksKeySecret(4));
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void linkColumnIsOptionalAndDirectoryScansHaveNoCommit() {
        RecordingSink sink = Reports.parse(ReportFormat.GITLEAKS_CSV, "gitleaks/no-link.csv");

        assertThat(sink.findings).containsExactly(
                finding(2, "gitleaks", "generic-api-key").accountSid(ACCOUNT_SID).at("deploy/.env", 1).build(),
                finding(3, "gitleaks", "generic-api-key").secret(AUTH_TOKEN, SecretKind.AUTH_TOKEN)
                        .at("deploy/.env", 2).build());
        assertThat(ReportPairing.pair(sink.findings)).hasSize(2).allSatisfy(f -> {
            assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID);
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
        }).extracting(ScannerFinding::line).containsExactly(1, 2);
    }

    @Test
    void headerOnlyIsAnEmptyReport() {
        RecordingSink sink = Reports.parseText(ReportFormat.GITLEAKS_CSV, HEADER);
        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isZero();
    }

    @Test
    void headerWithoutGitleaksColumnsIsRejected() {
        ReportFormatException json = Reports.refusal(ReportFormat.GITLEAKS_CSV, "gitleaks/report.json");
        assertThat(json.getMessage()).isEqualTo("line 1: not a gitleaks CSV report: the header has no RuleID column");
        assertThat(json.line()).isEqualTo(1);
        assertThat(json.field()).isEqualTo("RuleID");
        assertThat(Reports.refusalOfText(ReportFormat.GITLEAKS_CSV, "RuleID,Commit,File\n").field())
                .isEqualTo("Secret");
    }

    @Test
    void nonNumericStartLineNamesTheColumn() {
        String csv = HEADER + "twilio-api-key,,a.py,," + KEY_SID + "," + KEY_SID + ",1,1,1,1,,,,,,\n"
                + "twilio-api-key,,a.py,," + KEY_SID + "," + KEY_SID + ",twelve,1,1,1,,,,,,\n";
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GITLEAKS_CSV, csv);
        assertThat(e.getMessage()).isEqualTo("line 3: not a gitleaks CSV report: StartLine must be an integer");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("StartLine");
    }

    @Test
    void extraColumnsAreMalformedWithoutQuotingTheRow() {
        String csv = HEADER + "generic-api-key,,a.py,," + AUTH_TOKEN + ",x,1,1,1,1,,,,,,," + AUTH_TOKEN + "\n";
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GITLEAKS_CSV, csv);
        assertThat(e.getMessage()).isEqualTo("line 2: malformed CSV: a row has more columns than the header");
        assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN);
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void emptyRuleIdIsRejected() {
        String csv = HEADER + "," + "," + "a.py,," + KEY_SID + ",x,1,1,1,1,,,,,,\n";
        ReportFormatException e = Reports.refusalOfText(ReportFormat.GITLEAKS_CSV, csv);
        assertThat(e.field()).isEqualTo("RuleID");
        assertThat(e.getMessage()).doesNotContain(KEY_SID);
    }

    @Test
    void byteOrderMarkIsSkipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = Reports.bytes("gitleaks/no-link.csv");
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(body, 0, withBom, 3, body.length);

        RecordingSink sink = Reports.parse(ReportFormat.GITLEAKS_CSV, new java.io.ByteArrayInputStream(withBom));
        assertThat(sink.findings).hasSize(2);
    }
}
