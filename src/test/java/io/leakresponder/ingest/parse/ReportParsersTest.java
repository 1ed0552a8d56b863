package io.leakresponder.ingest.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportParsersTest {

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void everyFormatHasItsParser(ReportFormat format) {
        assertThat(ReportParsers.forFormat(format).format()).isEqualTo(format);
    }

    @Test
    void detectsWhenNoFormatIsGiven() throws IOException {
        RecordingSink sink = new RecordingSink();
        ReportFormat used = ReportParsers.parse(Reports.resource("noseyparker/report.json"), null, sink);

        assertThat(used).isEqualTo(ReportFormat.NOSEYPARKER);
        assertThat(sink.findings).hasSize(2);
    }

    @Test
    void aGivenFormatWins() throws IOException {
        RecordingSink sink = new RecordingSink();
        ReportFormat used = ReportParsers.parse(Reports.resource("trufflehog/report.jsonl"), ReportFormat.TEXT, sink);

        assertThat(used).isEqualTo(ReportFormat.TEXT);
        // the text detector sees the JSON lines as text and still finds SIDs and nearby tokens
        assertThat(sink.findings).extracting(ScannerFinding::scanner).containsOnly("text");
        assertThat(sink.findings).extracting(ScannerFinding::accountSid).contains(ACCOUNT_SID);
    }

    @ParameterizedTest
    @EnumSource(value = ReportFormat.class, names = {"GITLEAKS", "SARIF", "GITHUB", "GITGUARDIAN", "GGSHIELD",
            "DETECT_SECRETS", "NOSEYPARKER", "KINGFISHER"})
    void truncatedJsonNeverEchoesTheSecret(ReportFormat format) {
        String cut = "[{\"id\": 1,\n \"secret\": \"" + ACCOUNT_SID + "\", \"token\": \"" + AUTH_TOKEN;
        assertThatThrownBy(() -> Reports.parse(format,
                new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN).doesNotContain(ACCOUNT_SID)
                            .doesNotContain("deadbeef").doesNotContain("0123456789");
                    assertThat(e.getCause()).isNull();
                });
    }

    @ParameterizedTest
    @EnumSource(value = ReportFormat.class, names = {"GITLEAKS", "SARIF", "GITHUB", "GITGUARDIAN", "GGSHIELD",
            "DETECT_SECRETS", "NOSEYPARKER"})
    void emptyBodyOfAJsonDocumentFormat(ReportFormat format) {
        assertThatThrownBy(() -> Reports.parseText(format, ""))
                .isInstanceOfSatisfying(ReportFormatException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("the request body is empty"));
    }

    @Test
    void invalidUtf8IsReportedWithoutBytes() {
        byte[] body = {'[', '{', '"', 'R', 'u', 'l', 'e', 'I', 'D', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}',
                ']'};
        assertThatThrownBy(() -> Reports.parse(ReportFormat.GITLEAKS, new ByteArrayInputStream(body)))
                .isInstanceOfSatisfying(ReportFormatException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("line 1: malformed JSON: invalid UTF-8"));
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void theCallerKeepsOwnershipOfTheStream(ReportFormat format) throws IOException {
        boolean[] closed = {false};
        ByteArrayInputStream body = new ByteArrayInputStream(Reports.bytes(fixtureOf(format))) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        ReportParsers.forFormat(format).parse(body, new RecordingSink());
        assertThat(closed[0]).isFalse();
    }

    private static String fixtureOf(ReportFormat format) {
        return switch (format) {
            case GITLEAKS -> "gitleaks/report.json";
            case GITLEAKS_CSV -> "gitleaks/report.csv";
            case SARIF -> "sarif/gitleaks.sarif";
            case TRUFFLEHOG -> "trufflehog/report.jsonl";
            case GITHUB -> "github/alerts.json";
            case GITGUARDIAN -> "gitguardian/incidents.json";
            case GGSHIELD -> "ggshield/path-scan.json";
            case DETECT_SECRETS -> "detect-secrets/baseline.json";
            case NOSEYPARKER -> "noseyparker/report.json";
            case KINGFISHER -> "kingfisher/report.jsonl";
            case TEXT -> "text/env.txt";
        };
    }

    /** The format of a fixture, by its folder. */
    static ReportFormat formatOf(String path) {
        String folder = path.substring(0, path.indexOf('/'));
        if (path.endsWith(".csv")) {
            return ReportFormat.GITLEAKS_CSV;
        }
        return ReportFormat.fromId(folder).orElseThrow();
    }
}
