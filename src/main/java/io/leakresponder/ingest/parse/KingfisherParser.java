package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Kingfisher, in its three JSON shapes: the June 2025 1.x array {@code [{id, matches:[{rule, finding}]}]},
 * the envelope {@code {findings:[{rule, finding}], access_map, audit, metadata}}, and JSON lines (one
 * {@code {rule, finding}} per line, then {@code access_map} and {@code audit} lines, which are skipped).
 */
final class KingfisherParser implements ReportParser {

    static final String NAME = "Kingfisher JSON";
    static final String SCANNER = "kingfisher";
    private static final Set<String> ENVELOPE = Set.of("findings", "access_map", "audit", "metadata", "stats");

    @Override
    public ReportFormat format() {
        return ReportFormat.KINGFISHER;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        try (JsonParser p = Json.open(in)) {
            // JSON lines are several root values in a row, which Jackson reads one after the other. Kingfisher
            // writes nothing at all in JSON-lines mode when it finds nothing, so an empty body is no error.
            JsonToken t = p.nextToken();
            while (t != null) {
                if (t == JsonToken.START_ARRAY) {
                    Json.eachObject(p, NAME, "", entry -> readOldEntry(entry, sink));
                } else if (t == JsonToken.START_OBJECT) {
                    readObject(p, sink);
                } else {
                    throw Json.notFormat(NAME, Json.line(p), "", "must be a JSON array or object");
                }
                t = p.nextToken();
            }
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    private static void readOldEntry(Fields entry, FindingSink sink) {
        if (!entry.isArray("matches")) {
            throw entry.has("matches") ? entry.wrongType("matches", "an array") : entry.missing("matches");
        }
        for (Fields match : entry.objects("matches")) {
            readFinding(match, sink);
        }
    }

    /** One root object: the envelope (streamed) or a JSON-lines record (small, read whole). */
    private static void readObject(JsonParser p, FindingSink sink) throws IOException {
        int line = Json.line(p);
        ObjectNode record = null;
        boolean known = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("findings".equals(name) && value == JsonToken.START_ARRAY) {
                known = true;
                Json.eachObject(p, NAME, "/findings", f -> readFinding(f, sink));
            } else if ("rule".equals(name) || "finding".equals(name)) {
                known = true;
                if (record == null) {
                    record = Json.MAPPER.createObjectNode();
                }
                JsonNode node = Json.readTree(p);
                record.set(name, node);
            } else {
                known |= ENVELOPE.contains(name);
                p.skipChildren();
            }
        }
        if (!known) {
            throw Json.notFormat(NAME, line, "", "has neither findings nor rule and finding");
        }
        if (record != null) {
            readFinding(new Fields(record, "", line, NAME), sink);
        }
    }

    private static void readFinding(Fields entry, FindingSink sink) {
        Fields rule = entry.requireObj("rule");
        Fields finding = entry.requireObj("finding");
        String ruleId = rule.str("id");
        String ruleName = rule.str("name");
        String description = rule.str("description");
        TwilioRecord record = new TwilioRecord(TwilioRecord.isTwilioLabel(ruleId, ruleName, description))
                .pairable()
                .value(finding.str("snippet"))
                .context(ruleName)
                .context(description);
        // kingfisher.twilio.2 depends on kingfisher.twilio.1: the SID arrives as a captured variable.
        finding.stringValues("dependent_captures").forEach(record::value);

        FindingDraft d = new FindingDraft(entry.line(), SCANNER);
        d.rule = FindingDraft.firstNonBlank(ruleId, ruleName);
        d.file = finding.str("path");
        d.line = finding.integer("line");
        Fields validation = finding.obj("validation");
        if (validation != null) {
            d.scannerValidity = FindingDraft.firstNonBlank(validation.str("outcome"), validation.str("status"));
        }
        Fields git = finding.obj("git_metadata");
        if (git != null) {
            readGitMetadata(git, d, sink);
        }
        record.emit(sink, d);
    }

    /** Kingfisher's {@code git_metadata}, shared with its SARIF output. */
    static void readGitMetadata(Fields git, FindingDraft d, FindingSink sink) {
        d.repository = git.str("repository_url");
        Fields commit = git.obj("commit");
        if (commit != null) {
            d.commit = commit.str("id");
            d.commitDate = Dates.parse(commit.str("date"), Dates::iso, sink, git.line(), commit.pointer("date"));
            Fields committer = commit.obj("committer");
            if (committer != null) {
                d.author = FindingDraft.author(committer.str("name"), committer.str("email"));
            }
            d.link = commit.str("url");
        }
        Fields file = git.obj("file");
        if (file != null) {
            // The repository-relative path beats the scanner's local clone path.
            d.file = FindingDraft.firstNonBlank(file.str("path"), d.file);
            d.link = FindingDraft.firstNonBlank(file.str("url"), d.link);
        }
    }
}
