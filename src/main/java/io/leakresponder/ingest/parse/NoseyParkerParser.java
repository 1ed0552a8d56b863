package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Nosey Parker {@code report --format json} (an array of findings, each with its matches) and
 * {@code --format jsonl} (one finding per line). Capture groups are
 * base64; provenance is a file path or a git commit with {@code "<unix seconds> <±hhmm>"} timestamps.
 */
final class NoseyParkerParser implements ReportParser {

    static final String NAME = "Nosey Parker JSON";
    static final String SCANNER = "noseyparker";

    @Override
    public ReportFormat format() {
        return ReportFormat.NOSEYPARKER;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        try (JsonParser p = Json.open(in)) {
            JsonToken t = Json.firstToken(p);
            if (t == JsonToken.START_ARRAY) {
                Json.eachObject(p, NAME, "", finding -> readFinding(finding, sink));
                Json.expectEnd(p, NAME);
                return;
            }
            // JSON lines: root objects one after the other.
            for (; t != null; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw Json.notFormat(NAME, Json.line(p), "", "must be a JSON array or one finding per line");
                }
                int line = Json.line(p);
                readFinding(new Fields(Json.readTree(p), "", line, NAME), sink);
            }
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    private static void readFinding(Fields finding, FindingSink sink) {
        String ruleId = finding.str("rule_text_id");
        String ruleName = finding.str("rule_name");
        if (ruleId == null && ruleName == null) {
            throw finding.missing("rule_text_id");
        }
        if (!finding.isArray("matches")) {
            throw finding.has("matches") ? finding.wrongType("matches", "an array") : finding.missing("matches");
        }
        boolean label = TwilioRecord.isTwilioLabel(ruleId, ruleName);
        boolean twilio = false;
        boolean offered = false;
        for (Fields match : finding.objects("matches")) {
            TwilioRecord record = new TwilioRecord(label).pairable().context(ruleName);
            List<String> groups = match.strings("groups");
            for (int i = 0; i < groups.size(); i++) {
                record.value(decode(groups.get(i), match, i));
            }
            Fields snippet = match.obj("snippet");
            if (snippet != null) {
                String matching = snippet.str("matching");
                record.value(matching).text(matching)
                        .context(lastLine(snippet.str("before")) + (matching == null ? "" : matching)
                                + firstLine(snippet.str("after")));
            }
            FindingDraft d = new FindingDraft(finding.line(), SCANNER);
            d.rule = FindingDraft.firstNonBlank(ruleId, ruleName);
            Fields location = match.obj("location");
            Fields span = location == null ? null : location.obj("source_span");
            Fields start = span == null ? null : span.obj("start");
            d.line = start == null ? null : start.integer("line");
            readProvenance(match.objects("provenance"), d, sink);
            List<TwilioRecord.Part> parts = record.resolve();
            parts.forEach(p -> sink.twilio(d.build(p.accountSid(), p.keySid(), p.secret(), p.kind())));
            twilio |= !parts.isEmpty();
            offered |= record.offerCandidate(sink, d);
        }
        if (!twilio && !offered) {
            if (label) {
                sink.warning("line " + finding.line() + ": noseyparker reported a Twilio finding without a usable "
                        + "value; skipped");
            }
            sink.ignored();
        }
    }

    /** The part of the matched line before the match: where a key name such as {@code twilio_secret} sits. */
    private static String lastLine(String before) {
        return before == null ? "" : before.substring(before.lastIndexOf('\n') + 1);
    }

    private static String firstLine(String after) {
        if (after == null) {
            return "";
        }
        int end = after.indexOf('\n');
        return end < 0 ? after : after.substring(0, end);
    }

    private static String decode(String base64, Fields match, int index) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Json.notFormat(NAME, match.line(), match.pointer("groups") + "/" + index, "must be base64");
        }
    }

    /** A git provenance gives the most, so it wins over a plain file path. */
    private static void readProvenance(List<Fields> provenance, FindingDraft d, FindingSink sink) {
        Fields file = null;
        for (Fields p : provenance) {
            String kind = p.str("kind");
            if ("git_repo".equals(kind)) {
                d.repository = p.str("repo_path");
                Fields firstCommit = p.obj("first_commit");
                if (firstCommit != null) {
                    d.file = firstCommit.str("blob_path");
                    readCommitMetadata(firstCommit.obj("commit_metadata"), d, sink);
                }
                return;
            }
            if ("file".equals(kind) && file == null) {
                file = p;
            }
        }
        if (file != null) {
            d.file = file.str("path");
        }
    }

    /** Nosey Parker's {@code commit_metadata}, shared with its SARIF output. */
    static void readCommitMetadata(Fields metadata, FindingDraft d, FindingSink sink) {
        if (metadata == null) {
            return;
        }
        d.commit = metadata.str("commit_id");
        d.author = FindingDraft.author(metadata.str("author_name"), metadata.str("author_email"));
        d.commitDate = Dates.parse(metadata.str("author_timestamp"), Dates::gitRaw, sink, metadata.line(),
                metadata.pointer("author_timestamp"));
    }
}
