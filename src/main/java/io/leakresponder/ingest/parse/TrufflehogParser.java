package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

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

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        BufferedReader reader = Inputs.lines(in);
        Skipped logLines = new Skipped();
        Skipped notJson = new Skipped();
        Skipped otherJson = new Skipped();
        int results = 0;
        int lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (!text.startsWith("{")) {
                notJson.add(lineNo);
                continue;
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
                continue;
            }
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
        if (results == 0 && logLines.count == 0 && (notJson.count > 0 || otherJson.count > 0)) {
            int first = Math.min(notJson.first, otherJson.first);
            throw Json.notFormat(NAME, first, null, "no line is a TruffleHog result (no DetectorName)");
        }
        logLines.warn(sink, "log line(s) without DetectorName");
        notJson.warn(sink, "line(s) that are not JSON");
        otherJson.warn(sink, "JSON line(s) that are not TruffleHog results");
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
