package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID_2;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN_2;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrufflehogParserTest {

    @Test
    void mapsResultsAndSkipsMergedLogLines() {
        RecordingSink sink = Reports.parse(ReportFormat.TRUFFLEHOG, "trufflehog/report.jsonl");

        assertThat(sink.findings).containsExactly(
                new ScannerFinding(3, "trufflehog", "Twilio", ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN,
                        null, "https://github.com/acme/billing.git", "app/settings.py", 14,
                        "9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233", "Jane Dev <jane@example.com>",
                        Instant.parse("2024-03-05T09:15:00Z"), null, null, "verified"),
                // API key results come out as DetectorName "Twilio" with swapped SecretParts; old time.String() date
                new ScannerFinding(5, "trufflehog", "Twilio", null, KEY_SID, KEY_SECRET, SecretKind.API_KEY_SECRET,
                        null, "https://github.com/acme/sms.git", "src/sms.js", 7,
                        "0badc0de0badc0de0badc0de0badc0de0badc0de", "Ana Ops <ana@example.com>",
                        Instant.parse("2022-06-16T17:17:40Z"),
                        "https://github.com/acme/sms/blob/0badc0de0badc0de0badc0de0badc0de0badc0de/src/sms.js#L7",
                        null, "unknown"),
                new ScannerFinding(7, "trufflehog", "Twilio", ACCOUNT_SID_2, null, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN,
                        null, "https://gitlab.com/acme/ops.git", "ops/notify.rb", 3,
                        "3333333333333333333333333333333333333333", "Kim Lab <kim@example.com>",
                        Instant.parse("2023-06-22T23:33:46Z"),
                        "https://gitlab.com/acme/ops/-/blob/3333333333333333333333333333333333333333/ops/notify.rb#L3",
                        null, "unverified"),
                // a non-Twilio detector whose value has a Twilio shape (basic-auth URL)
                new ScannerFinding(8, "trufflehog", "URI", ACCOUNT_SID, null, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN,
                        null, null, "/home/ci/notes.txt", 2, null, null, null, null, null, "unverified"));
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.warnings).containsExactly(
                "skipped 3 log line(s) without DetectorName (first at line 1)",
                "skipped 1 line(s) that are not JSON (first at line 2)");
    }

    @Test
    void secretPartsAloneAreReadByShapeDespiteSwappedLabels() {
        RecordingSink sink = Reports.parseText(ReportFormat.TRUFFLEHOG,
                "{\"DetectorName\":\"Twilio\",\"Verified\":false,\"SecretParts\":{\"key\":\"" + KEY_SID
                        + "\",\"sid\":\"" + KEY_SECRET + "\"}}\n");

        ScannerFinding f = sink.only();
        assertThat(f.keySid()).isEqualTo(KEY_SID);
        assertThat(f.accountSid()).isNull();
        assertThat(f.secret()).isEqualTo(KEY_SECRET);
        assertThat(f.secretKind()).isEqualTo(SecretKind.API_KEY_SECRET);
    }

    @Test
    void rawStartingWithSkMakesAHexSecretAnApiKeySecret() {
        RecordingSink sink = Reports.parseText(ReportFormat.TRUFFLEHOG,
                "{\"DetectorName\":\"Twilio\",\"DetectorType\":26,\"Verified\":true,\"Raw\":\"" + KEY_SID
                        + "\",\"RawV2\":\"" + KEY_SID + AUTH_TOKEN + "\"}\n");

        ScannerFinding f = sink.only();
        assertThat(f.keySid()).isEqualTo(KEY_SID);
        assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
        assertThat(f.secretKind()).isEqualTo(SecretKind.API_KEY_SECRET);
        assertThat(f.scannerValidity()).isEqualTo("verified");
    }

    @Test
    void onlyLogLinesIsAnEmptyScanNotAnError() {
        RecordingSink sink = Reports.parseText(ReportFormat.TRUFFLEHOG,
                "{\"level\":\"info-0\",\"msg\":\"running source\"}\n\n{\"level\":\"info-0\",\"msg\":\"finished\"}\n");

        assertThat(sink.findings).isEmpty();
        assertThat(sink.ignored).isZero();
        assertThat(sink.warnings).containsExactly("skipped 2 log line(s) without DetectorName (first at line 1)");
    }

    @Test
    void emptyOutputMeansNothingFound() {
        RecordingSink sink = Reports.parseText(ReportFormat.TRUFFLEHOG, "");
        assertThat(sink.findings).isEmpty();
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void anotherFormatIsRejected() {
        assertThatThrownBy(() -> Reports.parse(ReportFormat.TRUFFLEHOG, "gitleaks/report.json"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(
                            "line 1: not a TruffleHog JSON lines report: no line is a TruffleHog result (no DetectorName)");
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    void aDamagedResultLineIsAnErrorThatHidesTheSecret() {
        String report = "{\"level\":\"info-0\",\"msg\":\"start\"}\n"
                + "{\"DetectorName\":\"Twilio\",\"Raw\":\"" + ACCOUNT_SID + "\",\"RawV2\":\"" + ACCOUNT_SID + AUTH_TOKEN
                + "\n";
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.TRUFFLEHOG, report))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).startsWith("line 2: malformed JSON: ");
                    assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN).doesNotContain(ACCOUNT_SID);
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void wrongFieldTypeNamesLineAndPointer() {
        String report = "{\"DetectorName\":\"AWS\",\"Verified\":false}\n"
                + "{\"DetectorName\":\"Twilio\",\"Verified\":false,\"Raw\":\"" + ACCOUNT_SID
                + "\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"file\":\"a\",\"line\":\"four\"}}}}\n";
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.TRUFFLEHOG, report))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(
                            "line 2: not a TruffleHog JSON lines report: /SourceMetadata/Data/Git/line must be an integer");
                    assertThat(e.field()).isEqualTo("/SourceMetadata/Data/Git/line");
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.TRUFFLEHOG,
                "{\"DetectorName\":\"Twilio\",\"Verified\":\"yes\"}\n"))
                .isInstanceOfSatisfying(ReportFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("/Verified"));
    }

    @Test
    void streamsAMultiMegabyteReportWithoutReadingItFirst() {
        int lines = 20_000;
        GeneratedReport report = new GeneratedReport(lines);
        AtomicLong servedAtFirstFinding = new AtomicLong(-1);
        RecordingSink sink = new RecordingSink() {
            @Override
            public void twilio(ScannerFinding finding) {
                if (servedAtFirstFinding.get() < 0) {
                    servedAtFirstFinding.set(report.served);
                }
                super.twilio(finding);
            }
        };

        try {
            ReportParsers.forFormat(ReportFormat.TRUFFLEHOG).parse(report, sink);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThat(report.served).isGreaterThan(8L * 1024 * 1024);
        // the first finding was reported while most of the stream was still unread (the read-ahead is the
        // prefilter's batches in flight, at most MAX_IN_FLIGHT of them, and the reader's buffer)
        assertThat(servedAtFirstFinding.get()).isBetween(1L,
                (TrufflehogParser.MAX_IN_FLIGHT + 1L) * TrufflehogParser.BATCH_BYTES + 128 * 1024);
        int logLines = lines / 10;
        assertThat(sink.findings).hasSize(lines - logLines);
        assertThat(sink.findings.get(sink.findings.size() - 1).reportLine()).isEqualTo(lines - 1);
        assertThat(sink.warnings).containsExactly(
                "skipped " + logLines + " log line(s) without DetectorName (first at line 10)");
    }

    /** A TruffleHog stream produced line by line on demand, never held whole. */
    private static final class GeneratedReport extends InputStream {
        private final int lines;
        private int next = 1;
        private byte[] current = new byte[0];
        private int position;
        long served;

        GeneratedReport(int lines) {
            this.lines = lines;
        }

        @Override
        public int read() {
            if (position == current.length && !advance()) {
                return -1;
            }
            served++;
            return current[position++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position == current.length && !advance()) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            served += n;
            return n;
        }

        private boolean advance() {
            if (next > lines) {
                return false;
            }
            int n = next++;
            String line = n % 10 == 0
                    ? "{\"level\":\"info-0\",\"ts\":\"2025-01-10T10:00:00Z\",\"logger\":\"trufflehog\",\"msg\":\"progress\",\"chunks\":"
                            + n + "}"
                    : "{\"SourceMetadata\":{\"Data\":{\"Git\":{\"commit\":\"" + "%040x".formatted(n)
                            + "\",\"file\":\"src/f" + n
                            + ".py\",\"email\":\"Dev <dev@example.com>\",\"repository\":\"https://github.com/acme/big.git\","
                            + "\"timestamp\":\"2024-01-01 00:00:00 +0000\",\"line\":" + (n % 500 + 1) + "}}},"
                            + "\"SourceID\":1,\"SourceType\":16,\"SourceName\":\"trufflehog - git\",\"DetectorType\":26,"
                            + "\"DetectorName\":\"Twilio\",\"DetectorDescription\":\"Twilio is a cloud communications platform.\","
                            + "\"DecoderName\":\"PLAIN\",\"Verified\":false,\"Raw\":\"" + ACCOUNT_SID
                            + "\",\"RawV2\":\""
                            + ACCOUNT_SID + AUTH_TOKEN + "\",\"Redacted\":\"" + ACCOUNT_SID
                            + "\",\"ExtraData\":{\"rotation_guide\":"
                            + "\"https://howtorotate.com/docs/tutorials/twilio/\"},\"StructuredData\":null,\"SecretParts\":{\"key\":\""
                            + AUTH_TOKEN + "\",\"sid\":\"" + ACCOUNT_SID + "\"}}";
            current = (line + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }
    }
}
