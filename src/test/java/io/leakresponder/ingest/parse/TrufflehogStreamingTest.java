package io.leakresponder.ingest.parse;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The byte path of {@link TrufflehogParser} (lines split as bytes, only the needed members read) must decide
 * every line as reading each decoded line into a full tree does.
 */
class TrufflehogStreamingTest {

    private static final String GIT = "\"SourceMetadata\":{\"Data\":{\"Git\":{\"commit\":\"9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233\","
            + "\"file\":\"a.env\",\"email\":\"Jane <j@example.com>\",\"repository\":\"https://github.com/acme/x.git\","
            + "\"timestamp\":\"2024-03-05 09:15:00 +0000\",\"line\":4}}}";
    private static final String TWILIO = "{" + GIT + ",\"DetectorName\":\"Twilio\",\"Verified\":true,\"Raw\":\""
            + ACCOUNT_SID + "\",\"RawV2\":\"" + ACCOUNT_SID + AUTH_TOKEN
            + "\",\"ExtraData\":{\"x\":[1,2,{\"y\":null}]}}";
    private static final String OTHER = "{" + GIT + ",\"DetectorName\":\"Github\",\"Verified\":false,\"Raw\":\"ghp_x\","
            + "\"StructuredData\":null,\"Extra\":[1.5e3,-0,true,false,null,\"\\u00e9\\n\"]}";
    private static final String LOG = "{\"level\":\"info-0\",\"msg\":\"running source\"}";

    @Test
    void agreesWithFullTreesOnOrdinaryAndOddLines() throws IOException {
        List<byte[]> reports = List.of(
                utf8(LOG + "\nbanner 🐷\n" + TWILIO + "\n" + OTHER + "\n\n   \n"),
                utf8(TWILIO + "\r" + OTHER + "\r\n" + LOG + "\r"),
                // repeated members: the last one counts, as in a tree
                utf8("{\"DetectorName\":\"Github\",\"Raw\":\"x\",\"DetectorName\":\"Twilio\",\"Raw\":\"" + ACCOUNT_SID
                        + "\",\"Raw\":\"" + AUTH_TOKEN + "\"}\n"),
                // Unicode and ASCII control whitespace around the line
                utf8("\u3000\u2003" + TWILIO + "\u3000\n\u001C\u000B" + OTHER + "\u001F\n\u00A0" + OTHER + "\n"),
                // content after the object is ignored, as the tree reader ignores it
                utf8(TWILIO + " trailing {\n" + OTHER + "{}\n"),
                // not objects, or not results
                utf8("[1,2]\n{\"a\":1}\n\"x\"\n" + LOG + "\n"),
                utf8("{\"DetectorName\":null,\"level\":null}\n{\"msg\":1}\n{}\n"),
                // broken log lines are skipped
                utf8(LOG + "\n{\"level\":\"info\",\"msg\":\"cut\n{\"level\":\"info\" \"msg\":1}\n" + TWILIO + "\n"),
                // wrong types
                utf8("{\"DetectorName\":\"Twilio\",\"Raw\":[\"" + ACCOUNT_SID + "\"]}\n"),
                utf8("{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"line\":\"4\"}}}}\n"),
                utf8("{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"file\":{}}}}}\n"),
                utf8("{\"DetectorName\":\"Twilio\",\"SecretParts\":{\"key\":\"" + KEY_SID + "\",\"sid\":\"" + KEY_SECRET
                        + "\",\"n\":1}}\n"),
                utf8("{\"DetectorName\":7}\n"),
                // a broken result line is refused, also when the break is in a member nobody reads
                utf8(OTHER + "\n" + OTHER.replace("\"Extra\":[", "\"Extra\":[,") + "\n"),
                utf8(OTHER.replace("true", "tru") + "\n"),
                utf8(OTHER.replace("1.5e3", "01") + "\n"),
                utf8("{\"DetectorName\":\"Twilio\",\"Raw\":\"" + ACCOUNT_SID + "\"\n"),
                utf8(TWILIO.replace("\"Verified\"", "Verified") + "\n"),
                utf8("{\"SourceMetadata\":{}, \"x\":\u0001}\n"),
                // no result at all
                utf8("banner\n[1]\n"),
                utf8(""),
                utf8("\uFEFF" + TWILIO + "\n"),
                // a NUL right after the brace (Jackson would guess UTF-16 from the bytes)
                utf8("{\u0000\"DetectorName\":\"Twilio\"}\n" + TWILIO + "\n"),
                concat(utf8("{\"DetectorName\":\"Github\",\"Raw\":\"caf"), new byte[]{(byte) 0xC3},
                        utf8("\",\"x\":\"\"}\n" + TWILIO + "\n")),
                // invalid UTF-8 in a result line: the decoding way reads it as U+FFFD, so does the byte path
                concat(utf8("{\"DetectorName\":\"Twilio\",\"Raw\":\"" + ACCOUNT_SID + "\",\"x\":\""),
                        new byte[]{(byte) 0xFF, (byte) 0xC3}, utf8("\"}\n")),
                concat(utf8("{\"DetectorName\":\"Twilio\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"file\":\"a"),
                        new byte[]{(byte) 0xE2, (byte) 0x82},
                        utf8("\",\"line\":1}}},\"Raw\":\"" + ACCOUNT_SID + "\"}\n")),
                // an encoded surrogate and a code point over U+10FFFF: not UTF-8 either
                concat(utf8("{\"DetectorName\":\"Twilio\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"file\":\"a"),
                        new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        utf8("\",\"line\":1}}},\"Raw\":\"" + ACCOUNT_SID + "\"}\n")),
                concat(utf8("{\"DetectorName\":\"Twilio\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"file\":\"a"),
                        new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        utf8("\",\"line\":1}}},\"Raw\":\"" + ACCOUNT_SID + "\"}\n")),
                concat(utf8("{\"DetectorName\":\"Twilio\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"file\":\"a"),
                        new byte[]{(byte) 0xC0, (byte) 0xAF},
                        utf8("\",\"line\":1}}},\"Raw\":\"" + ACCOUNT_SID + "\"}\n")));
        for (byte[] report : reports) {
            assertThat(run(report, true)).as(new String(report, StandardCharsets.UTF_8)).isEqualTo(run(report, false));
        }
    }

    @Test
    void thePrefilterIgnoresOnlyWhatTheFullReadingIgnores() throws IOException {
        String git = "\"SourceMetadata\":{\"Data\":{\"Git\":{\"file\":\"a\",\"line\":4}}}";
        String github = "{\"DetectorName\":\"Github\"," + git;
        // ordinary results about other services are the ones it takes
        assertThat(prefiltered(OTHER)).isTrue();
        assertThat(prefiltered(github + ",\"Raw\":\"ghp_x\",\"SecretParts\":{\"key\":\"k\",\"n\":[1]},"
                + "\"ExtraData\":{\"account_sid\":null,\"x\":{}},\"VerificationError\":null}")).isTrue();
        // Without a Twilio label, a secret-shaped value alone (an MD5, another service's hex key) is no Twilio
        // finding for the full reading either; nor is a SID-length run that is no SID.
        List<String> secretShaped = List.of(
                github + ",\"Raw\":\"" + AUTH_TOKEN + "\"}",
                github + ",\"RawV2\":\"" + AUTH_TOKEN + ":" + KEY_SECRET + "\",\"SecretParts\":{\"a\":\""
                        + KEY_SECRET + "\"}}",
                github + ",\"ExtraData\":{\"account_sid\":\"AB" + AUTH_TOKEN + "\"}}",
                github + ",\"Raw\":\"https://x:" + AUTH_TOKEN + "@example.com\"}");
        for (String line : secretShaped) {
            assertThat(prefiltered(line)).as(line).isTrue();
            byte[] report = utf8(line + "\n" + OTHER + "\n");
            assertThat(run(report, true)).as(line).isEqualTo(run(report, false));
        }
        List<String> odd = List.of(
                // Twilio by label or by a SID in a value, wherever the value is
                "{\"DetectorName\":\"TWILIO\"," + git + "}",
                github + ",\"Raw\":\"" + ACCOUNT_SID + "\"}",
                github + ",\"Raw\":\"https://" + ACCOUNT_SID + ":" + AUTH_TOKEN + "@api.twilio.com\"}",
                "{\"Raw\":\"" + KEY_SID + "\",\"DetectorName\":\"Github\"}",
                github + ",\"RawV2\":\"" + ACCOUNT_SID + AUTH_TOKEN + "\"}",
                github + ",\"SecretParts\":{\"key\":\"" + KEY_SID + "\",\"sid\":\"" + KEY_SECRET + "\"}}",
                github + ",\"ExtraData\":{\"account_sid\":\"" + ACCOUNT_SID + "\"}}",
                github + ",\"Raw\":\"x\",\"Raw\":\"" + ACCOUNT_SID + "\"}",
                "{\"DetectorName\":\"Github\",\"DetectorName\":\"Twilio\",\"Raw\":\"" + ACCOUNT_SID + "\"}",
                // values that are not strings where the full reading wants one
                github + ",\"Raw\":12345678901234567890123456789012345}",
                github + ",\"ExtraData\":{\"account_sid\":7}}",
                github + ",\"VerificationError\":{}}",
                github + ",\"Verified\":\"yes\"}",
                github + ",\"SecretParts\":[\"x\"]}",
                github + ",\"ExtraData\":\"x\"}",
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":\"x\"}",
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":[]}}",
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"line\":1099511627776}}}}",
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"line\":1.5}}}}",
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"commit\":[]}}}}",
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"Git\":{\"line\":\"x\",\"line\":2}}}}",
                // a repeated member of Data keeps its first place with its last value
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"A\":1,\"B\":{\"line\":1},"
                        + "\"A\":{\"line\":\"x\"}}}}",
                "{\"DetectorName\":\"Github\",\"SourceMetadata\":{\"Data\":{\"A\":{\"line\":\"x\"},"
                        + "\"B\":{\"line\":1},\"A\":2}}}",
                // not a result
                "{\"DetectorName\":null," + git + "}",
                "{\"level\":\"info\",\"msg\":\"x\"}");
        for (String line : odd) {
            assertThat(prefiltered(line)).as(line).isFalse();
            byte[] report = utf8(line + "\n" + OTHER + "\n");
            assertThat(run(report, true)).as(line).isEqualTo(run(report, false));
        }
    }

    @Test
    void randomResultLinesComeOutTheSameEitherWay() throws IOException {
        // Values of every shape near a credential's, under Twilio and other labels, in members in any order.
        java.util.Random random = new java.util.Random(20261129);
        String hex = "0123456789abcdef";
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.util.function.BiFunction<String, Integer, String> draw = (chars, n) -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(chars.charAt(random.nextInt(chars.length())));
            }
            return b.toString();
        };
        StringBuilder report = new StringBuilder();
        for (int line = 0; line < 3000; line++) {
            List<String> values = new ArrayList<>();
            for (int v = random.nextInt(3); v >= 0; v--) {
                String value = switch (random.nextInt(10)) {
                    case 0 -> "AC" + draw.apply(hex, 32);
                    case 1 -> "SK" + draw.apply(hex, 32);
                    case 2 -> draw.apply(hex, 32);
                    case 3 -> draw.apply(alnum, 32);
                    case 4 -> "AC" + draw.apply(hex, 32) + draw.apply(hex, 32);
                    case 5 -> "https://AC" + draw.apply(hex, 32) + ":" + draw.apply(hex, 32) + "@api.twilio.com";
                    case 6 -> draw.apply(hex, 32) + ":" + draw.apply(alnum, 32);
                    case 7 -> draw.apply(alnum, 30 + random.nextInt(40));
                    case 8 -> "AC" + draw.apply(alnum, 32);
                    default -> "x-" + draw.apply(alnum, 10);
                };
                values.add(value);
            }
            List<String> members = new ArrayList<>(List.of(
                    "\"DetectorName\":\"" + (random.nextInt(5) == 0 ? "Twilio" : "Datadog") + "\"",
                    GIT.substring(0, GIT.length())));
            String[] fields = {"Raw", "RawV2", "ExtraData", "SecretParts"};
            for (String value : values) {
                String field = fields[random.nextInt(fields.length)];
                members.add(switch (field) {
                    case "ExtraData" -> "\"ExtraData\":{\"account_sid\":\"" + value + "\"}";
                    case "SecretParts" -> "\"SecretParts\":{\"key\":\"" + value + "\"}";
                    default -> "\"" + field + "\":\"" + value + "\"";
                });
            }
            java.util.Collections.shuffle(members, random);
            // Now and then a line the byte path leaves to the decoding way (Unicode whitespace first), in the
            // middle of lines whose prefilter answers are still outstanding; and one line longer than a batch.
            report.append(random.nextInt(20) == 0 ? "\u3000" : "");
            if (line == 1500) {
                members.add("\"Extra\":\"" + "y".repeat(TrufflehogParser.BATCH_BYTES + 1000) + "\"");
            }
            report.append('{').append(String.join(",", members)).append("}\n");
        }
        byte[] bytes = utf8(report.toString());
        List<String> bytePath = run(bytes, true);
        assertThat(bytePath).isEqualTo(run(bytes, false));
        // Both kinds of line were there: some about Twilio, some ignored.
        assertThat(bytePath.size()).isGreaterThan(100);
        assertThat(bytePath).anyMatch(l -> l.startsWith("ignored ") && !l.equals("ignored 0"));
    }

    @Test
    void aDamagedLineBeforeAnOverlongOneIsTheErrorReportedAsInOrder() throws IOException {
        // The damaged result line comes first; the reader, running ahead of the prefilter's answers, meets the
        // overlong line before that answer is taken. The report's first error is still the one named.
        StringBuilder report = new StringBuilder();
        for (int i = 1; i < 10; i++) {
            report.append(OTHER).append('\n');
        }
        report.append("{\"DetectorName\":\"Twilio\",\"Raw\":\"" + ACCOUNT_SID + "\"\n"); // line 10, cut off
        report.append(OTHER).append('\n');
        report.append("{\"x\":\"").append("y".repeat(LineReader.DEFAULT_MAX_LINE_BYTES + 10)).append("\"}\n");
        assertThatThrownBy(() -> new TrufflehogParser().parse(new ByteArrayInputStream(utf8(report.toString())),
                new RecordingSink())).isInstanceOfSatisfying(ReportFormatException.class,
                        e -> assertThat(e.line()).isEqualTo(10));
    }

    private static boolean prefiltered(String line) {
        byte[] bytes = utf8(line);
        return TrufflehogPrefilter.ignorable(bytes, 0, bytes.length);
    }

    @Test
    void aLineOverFourMebibytesIsRefusedWithItsNumber() {
        String huge = "{\"DetectorName\":\"Github\",\"Raw\":\"" + "x".repeat(LineReader.DEFAULT_MAX_LINE_BYTES) + "\"}";
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.TRUFFLEHOG, LOG + "\n" + huge + "\n" + TWILIO + "\n"))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith("line 2: longer than 4194304 bytes");
                });
        // just under the bound is fine
        String big = "{\"DetectorName\":\"Github\",\"Raw\":\"" + "x".repeat(LineReader.DEFAULT_MAX_LINE_BYTES - 40)
                + "\"}";
        RecordingSink sink = Reports.parseText(ReportFormat.TRUFFLEHOG, big + "\n" + TWILIO + "\n");
        assertThat(sink.ignored).isEqualTo(1);
        assertThat(sink.findings).hasSize(1);
    }

    @Test
    void theTextDetectorRefusesAnOverlongLineToo() {
        String text = "TWILIO_ACCOUNT_SID=" + ACCOUNT_SID + "\n" + "a".repeat(LineReader.DEFAULT_MAX_LINE_BYTES + 1);
        assertThatThrownBy(() -> Reports.parseText(ReportFormat.TEXT, text))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    /** Everything the parser reported, or its error, as one comparable text. */
    private static List<String> run(byte[] report, boolean bytePath) throws IOException {
        RecordingSink sink = new RecordingSink();
        List<String> out = new ArrayList<>();
        try {
            TrufflehogParser parser = new TrufflehogParser();
            if (bytePath) {
                parser.parse(new ByteArrayInputStream(report), sink);
            } else {
                parser.parseDecoded(new BufferedReader(new InputStreamReader(
                        Inputs.skipBom(new ByteArrayInputStream(report)), StandardCharsets.UTF_8)), sink);
            }
        } catch (ReportFormatException e) {
            out.add("error " + e.getMessage() + " line=" + e.line() + " field=" + e.field());
        }
        sink.findings.forEach(f -> out.add(f.toString() + " " + f.secret() + " " + f.commitDate() + " " + f.author()
                + " " + f.repository() + " " + f.scannerValidity() + " " + f.secretKind()));
        out.add("ignored " + sink.ignored);
        out.addAll(sink.warnings);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
