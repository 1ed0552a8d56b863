package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * detect-secrets: the baseline ({@code results} maps a file name to its secrets, each with the SHA-1 of the
 * value in {@code hashed_secret}), and the {@code audit --report} form ({@code results} is a list with the
 * raw {@code secrets}). The Twilio plugin reports AC and SK SIDs as type {@code Twilio API Key}.
 */
final class DetectSecretsParser implements ReportParser {

    static final String NAME = "detect-secrets baseline";
    static final String SCANNER = "detect-secrets";
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");

    @Override
    public ReportFormat format() {
        return ReportFormat.DETECT_SECRETS;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        try (JsonParser p = Json.open(in)) {
            Json.firstToken(p);
            Json.expectObject(p, NAME, "");
            boolean results = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!"results".equals(name)) {
                    p.skipChildren();
                    continue;
                }
                results = true;
                if (value == JsonToken.START_OBJECT) {
                    readBaselineResults(p, sink);
                } else if (value == JsonToken.START_ARRAY) {
                    Json.eachObject(p, NAME, "/results", entry -> readAuditEntry(entry, sink));
                } else {
                    throw Json.notFormat(NAME, Json.line(p), "/results", "must be an object or an array");
                }
            }
            if (!results) {
                throw Json.notFormat(NAME, 0, "/results", "is missing");
            }
            Json.expectEnd(p, NAME);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    private static void readBaselineResults(JsonParser p, FindingSink sink) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String filename = p.currentName();
            String pointer = "/results/" + filename.replace("~", "~0").replace("/", "~1");
            p.nextToken();
            Json.expectArray(p, NAME, pointer);
            Json.eachObject(p, NAME, pointer, entry -> readBaselineEntry(entry, filename, sink));
        }
    }

    private static void readBaselineEntry(Fields entry, String filename, FindingSink sink) {
        String type = entry.requireStr("type");
        String hash = entry.str("hashed_secret");
        Integer line = entry.integer("line_number");
        Boolean verified = entry.bool("is_verified");
        if (!TwilioRecord.isTwilioLabel(type)) {
            // Only a hash is known, so nothing but the type can tie a result to Twilio.
            sink.ignored();
            return;
        }
        if (hash == null || !SHA1.matcher(hash).matches()) {
            sink.warning("line " + entry.line() + ": detect-secrets Twilio result without a SHA-1 hashed_secret; "
                    + "skipped");
            sink.ignored();
            return;
        }
        FindingDraft d = new FindingDraft(entry.line(), SCANNER);
        d.rule = type;
        d.file = FindingDraft.firstNonBlank(entry.str("filename"), filename);
        d.line = line;
        d.secretSha1 = hash.toLowerCase(Locale.ROOT);
        d.scannerValidity = verified == null ? null : verified ? "verified" : "unverified";
        sink.twilio(d.build(null, null, null, null));
    }

    private static void readAuditEntry(Fields entry, FindingSink sink) {
        boolean label = entry.strings("types").stream().anyMatch(TwilioRecord::isTwilioLabel);
        TwilioRecord record = new TwilioRecord(label).pairable();
        if (entry.isArray("secrets")) {
            entry.strings("secrets").forEach(record::value);
        } else {
            record.value(entry.str("secrets"));
        }
        Fields lines = entry.obj("lines");
        Integer firstLine = null;
        if (lines != null) {
            for (var e : lines.node().properties()) {
                record.text(e.getValue().asText());
                try {
                    int n = Integer.parseInt(e.getKey());
                    firstLine = firstLine == null ? n : Math.min(firstLine, n);
                } catch (NumberFormatException notALineNumber) {
                    // The key itself is report content; name only its parent.
                    throw Json.notFormat(NAME, entry.line(), lines.pointer(), "must be keyed by line numbers");
                }
            }
        }
        FindingDraft d = new FindingDraft(entry.line(), SCANNER);
        d.rule = String.join(",", entry.strings("types"));
        d.file = entry.str("filename");
        d.line = firstLine;
        d.scannerValidity = entry.str("category");
        record.emit(sink, d);
    }
}
