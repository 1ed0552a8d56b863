package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SARIF 2.1.0 from any secret scanner. Reads what the common tools put where: gitleaks the secret in
 * {@code region.snippet.text} and commit metadata in {@code partialFingerprints}; Nosey Parker the match and
 * {@code logicalLocations[].properties.first_commit}; Kingfisher the snippet and
 * {@code location.properties.git_metadata}; TruffleHog and ggshield no value at all.
 */
final class SarifParser implements ReportParser {

    static final String NAME = "SARIF 2.1.0";

    @Override
    public ReportFormat format() {
        return ReportFormat.SARIF;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        try (JsonParser p = Json.open(in)) {
            Json.firstToken(p);
            Json.expectObject(p, NAME, "");
            boolean versionSeen = false;
            boolean runsSeen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "version" -> {
                        if (value != JsonToken.VALUE_STRING || !"2.1.0".equals(p.getText())) {
                            throw Json.notFormat(NAME, Json.line(p), "/version", "must be \"2.1.0\"");
                        }
                        versionSeen = true;
                    }
                    case "runs" -> {
                        Json.expectArray(p, NAME, "/runs");
                        runsSeen = true;
                        int index = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            Json.expectObject(p, NAME, "/runs/" + index);
                            readRun(p, "/runs/" + index, sink);
                            index++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!versionSeen) {
                throw Json.notFormat(NAME, 0, "/version", "is missing");
            }
            if (!runsSeen) {
                throw Json.notFormat(NAME, 0, "/runs", "is missing");
            }
            Json.expectEnd(p, NAME);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    private void readRun(JsonParser p, String pointer, FindingSink sink) throws IOException {
        String driver = null;
        // SARIF does not fix the member order; results seen before the tool wait here (rare in practice).
        List<Fields> early = new ArrayList<>();
        int runLine = Json.line(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("tool".equals(name)) {
                int line = Json.line(p);
                Json.expectObject(p, NAME, pointer + "/tool");
                Fields tool = new Fields(Json.readTree(p), pointer + "/tool", line, NAME);
                driver = tool.requireObj("driver").requireStr("name");
                for (Fields r : early) {
                    readResult(r, driver, sink);
                }
                early.clear();
            } else if ("results".equals(name) && p.currentToken() != JsonToken.VALUE_NULL) {
                Json.expectArray(p, NAME, pointer + "/results");
                String known = driver;
                Json.eachObject(p, NAME, pointer + "/results", r -> {
                    if (known == null) {
                        early.add(r);
                    } else {
                        readResult(r, known, sink);
                    }
                });
            } else {
                p.skipChildren();
            }
        }
        if (driver == null) {
            throw Json.notFormat(NAME, runLine, pointer + "/tool/driver/name", "is missing");
        }
    }

    private void readResult(Fields r, String driver, FindingSink sink) {
        String scanner = driver.toLowerCase(Locale.ROOT);
        String ruleId = r.str("ruleId");
        if (ruleId == null && r.obj("rule") != null) {
            ruleId = r.obj("rule").str("id");
        }
        Fields fingerprints = r.obj("partialFingerprints");
        boolean label = TwilioRecord.isTwilioLabel(ruleId);

        FindingDraft base = new FindingDraft(r.line(), scanner);
        base.rule = ruleId == null ? scanner : scanner + "/" + ruleId;
        base.link = r.str("hostedViewerUri");
        if (fingerprints != null) {
            // gitleaks stores commit metadata in partialFingerprints.
            base.commit = fingerprints.str("commitSha");
            base.author = FindingDraft.author(fingerprints.str("author"), fingerprints.str("email"));
            base.commitDate = Dates.parse(fingerprints.str("date"), Dates::iso, sink, r.line(),
                    fingerprints.pointer("date"));
        }

        List<Fields> locations = r.objects("locations");
        boolean twilio = false;
        boolean offered = false;
        if (locations.isEmpty()) {
            twilio = emit(new TwilioRecord(label), base, sink);
        }
        for (Fields location : locations) {
            FindingDraft d = base.copy();
            // Evidence is the rule and the snippet only: message.text is tool prose that names the file.
            TwilioRecord record = new TwilioRecord(label).pairable();
            readLocation(location, d, record, sink);
            twilio |= emit(record, d, sink);
            offered |= record.offerCandidate(sink, d);
        }
        if (!twilio && !offered) {
            if (label) {
                // TruffleHog and ggshield never write the value into SARIF; others may have redacted it.
                sink.warning("line " + r.line() + ": " + scanner + " SARIF result is about Twilio but carries no "
                        + "usable value (redacted, or the tool writes none); skipped");
            }
            sink.ignored();
        }
    }

    private static boolean emit(TwilioRecord record, FindingDraft d, FindingSink sink) {
        List<TwilioRecord.Part> parts = record.resolve();
        for (TwilioRecord.Part p : parts) {
            sink.twilio(d.build(p.accountSid(), p.keySid(), p.secret(), p.kind()));
        }
        return !parts.isEmpty();
    }

    private static void readLocation(Fields location, FindingDraft d, TwilioRecord record, FindingSink sink) {
        Fields physical = location.obj("physicalLocation");
        if (physical != null) {
            Fields artifact = physical.obj("artifactLocation");
            if (artifact != null) {
                d.file = artifact.str("uri");
            }
            Fields region = physical.obj("region");
            if (region != null) {
                d.line = region.integer("startLine");
                Fields snippet = region.obj("snippet");
                if (snippet != null) {
                    String text = snippet.str("text");
                    record.value(text).text(text);
                }
            }
        }
        Fields properties = location.obj("properties");
        if (properties != null) {
            // Kingfisher
            d.scannerValidity = FindingDraft.firstNonBlank(properties.str("validation_outcome"),
                    properties.str("validation_status"));
            Fields git = properties.obj("git_metadata");
            if (git != null) {
                KingfisherParser.readGitMetadata(git, d, sink);
            }
        }
        for (Fields logical : location.objects("logicalLocations")) {
            Fields props = logical.obj("properties");
            Fields firstCommit = props == null ? null : props.obj("first_commit");
            if (firstCommit != null) {
                // Nosey Parker: the artifact URI is the repository, the blob path is the file.
                d.repository = d.file;
                d.file = FindingDraft.firstNonBlank(firstCommit.str("blob_path"), d.file);
                NoseyParkerParser.readCommitMetadata(firstCommit.obj("commit_metadata"), d, sink);
                break;
            }
        }
    }
}
