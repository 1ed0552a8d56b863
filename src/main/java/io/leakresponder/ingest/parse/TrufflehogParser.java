package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * TruffleHog v3 {@code --json}: JSON Lines, one result per line. Callers often merge stderr into the file,
 * so log lines (JSON with {@code level}/{@code msg}, or plain text) are skipped and counted, not fatal.
 */
final class TrufflehogParser implements ReportParser {

    static final String NAME = "TruffleHog JSON lines";
    static final String SCANNER = "trufflehog";

    @Override
    public ReportFormat format() {
        return ReportFormat.TRUFFLEHOG;
    }

    /** The members of a line that this parser reads; the others are only checked to be JSON. */
    private static final Set<String> FIELDS = Set.of("DetectorName", "Raw", "RawV2", "SecretParts", "ExtraData",
            "Verified", "VerificationError", "SourceMetadata", "level", "msg");

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        LineReader reader = new LineReader(in);
        Lines lines = new Lines();
        while (reader.next()) {
            int lineNo = reader.number();
            byte[] bytes = reader.array();
            int i = reader.start();
            int end = i + reader.length();
            while (i < end && isStripped(bytes[i])) {
                i++;
            }
            if (i == end) {
                continue; // blank
            }
            if (bytes[i] < 0 || (i + 1 < end && bytes[i + 1] == 0)
                    || (!reader.ascii() && !Inputs.isWellFormedUtf8(bytes, i, end))) {
                // Decode as UTF-8 (malformed bytes as U+FFFD) and go the careful way when the bytes may not read
                // as that text: non-ASCII first (maybe Unicode whitespace before a '{'), a NUL next (Jackson
                // would guess UTF-16 or UTF-32), or bytes that are not UTF-8 (Jackson lets some through).
                lines.text(reader.text(), lineNo, sink);
            } else if (bytes[i] != '{') {
                lines.notJson.add(lineNo);
            } else if (TrufflehogPrefilter.ignorable(bytes, i, end - i)) {
                // Most results are about other services: counted without reading them into a tree.
                lines.results++;
                sink.ignored();
            } else {
                JsonNode node;
                try (JsonParser p = Json.open(bytes, i, end - i)) {
                    p.nextToken();
                    node = Json.readFields(p, FIELDS);
                } catch (JsonProcessingException e) {
                    // Broken (or invalid UTF-8, which the decoding way reads as U+FFFD): decide as it does.
                    lines.text(reader.text(), lineNo, sink);
                    continue;
                }
                lines.object(node, lineNo, sink);
            }
        }
        lines.finish(sink);
    }

    /**
     * The same over decoded lines, each read whole into a tree: what {@link #parse} does for the rare lines the
     * byte path leaves to it, and the reference the byte path must agree with (tests).
     */
    void parseDecoded(BufferedReader reader, FindingSink sink) throws IOException {
        Lines lines = new Lines();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lines.text(line, ++lineNo, sink);
        }
        lines.finish(sink);
    }

    /** The ASCII characters {@link String#strip()} removes (those {@link Character#isWhitespace} accepts). */
    private static boolean isStripped(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    }

    /** What the lines of one report turned out to be. */
    private static final class Lines {
        final Skipped logLines = new Skipped();
        final Skipped notJson = new Skipped();
        final Skipped otherJson = new Skipped();
        int results;

        /** One decoded line, read whole into a tree. */
        void text(String line, int lineNo, FindingSink sink) throws IOException {
            String text = line.strip();
            if (text.isEmpty()) {
                return;
            }
            if (!text.startsWith("{")) {
                notJson.add(lineNo);
                return;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                if (text.contains("\"DetectorName\"") || text.contains("\"SourceMetadata\"")) {
                    // A damaged result line could hide a leak: refuse rather than skip it.
                    throw new ReportFormatException("line " + lineNo + ": malformed JSON: " + Json.describe(e),
                            lineNo, null);
                }
                notJson.add(lineNo);
                return;
            }
            object(node, lineNo, sink);
        }

        void object(JsonNode node, int lineNo, FindingSink sink) {
            if (!node.isObject()) {
                otherJson.add(lineNo);
            } else if (node.hasNonNull("DetectorName")) {
                results++;
                map(new Fields(node, "", lineNo, NAME), sink);
            } else if (node.has("level") || node.has("msg")) {
                logLines.add(lineNo);
            } else {
                otherJson.add(lineNo);
            }
        }

        void finish(FindingSink sink) {
            if (results == 0 && logLines.count == 0 && (notJson.count > 0 || otherJson.count > 0)) {
                int first = Math.min(notJson.first, otherJson.first);
                throw Json.notFormat(NAME, first, null, "no line is a TruffleHog result (no DetectorName)");
            }
            logLines.warn(sink, "log line(s) without DetectorName");
            notJson.warn(sink, "line(s) that are not JSON");
            otherJson.warn(sink, "JSON line(s) that are not TruffleHog results");
        }
    }

    private static void map(Fields f, FindingSink sink) {
        String detector = f.requireStr("DetectorName");
        TwilioRecord record = new TwilioRecord(TwilioRecord.isTwilioLabel(detector))
                .value(f.str("Raw"))
                .value(f.str("RawV2"));
        // SecretParts labels are swapped for API keys ({"key": SK…, "sid": secret}); shapes sort them out.
        f.stringValues("SecretParts").forEach(record::value);
        Fields extra = f.obj("ExtraData");
        if (extra != null) {
            record.value(extra.str("account_sid"));
        }

        FindingDraft d = new FindingDraft(f.line(), SCANNER);
        d.rule = detector;
        Boolean verified = f.bool("Verified");
        String verificationError = f.str("VerificationError");
        // TruffleHog's own result classes (--results=verified,unknown,unverified).
        d.scannerValidity = Boolean.TRUE.equals(verified) ? "verified"
                : verificationError != null && !verificationError.isBlank() ? "unknown" : "unverified";
        Fields source = sourceMetadata(f);
        if (source != null) {
            d.file = source.str("file");
            d.line = source.integer("line");
            d.commit = source.str("commit");
            d.author = source.str("email");
            d.repository = source.str("repository");
            d.link = source.str("link");
            String timestamp = source.str("timestamp");
            if (record.isTwilio()) {
                // Parsing dates is costly and most records are not about Twilio: only those are stored.
                d.commitDate = Dates.parse(timestamp, Dates::trufflehog, sink, f.line(), source.pointer("timestamp"));
            }
        }
        record.emit(sink, d);
    }

    /** {@code SourceMetadata.Data.<Kind>}: Git, Github, Filesystem, Gitlab, … all share the field names. */
    private static Fields sourceMetadata(Fields f) {
        Fields metadata = f.obj("SourceMetadata");
        Fields data = metadata == null ? null : metadata.obj("Data");
        if (data == null) {
            return null;
        }
        for (Map.Entry<String, JsonNode> kind : data.node().properties()) {
            if (kind.getValue().isObject()) {
                return data.obj(kind.getKey());
            }
        }
        return null;
    }

    /** Counts skipped lines of one kind, for a single warning instead of one per line. */
    private static final class Skipped {
        int count;
        int first = Integer.MAX_VALUE;

        void add(int line) {
            count++;
            first = Math.min(first, line);
        }

        void warn(FindingSink sink, String what) {
            if (count > 0) {
                sink.warning("skipped " + count + " " + what + " (first at line " + first + ")");
            }
        }
    }
}
