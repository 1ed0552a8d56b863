package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * ggshield {@code secret scan … --json}: {@code entities_with_incidents[].incidents[].occurrences[].match}, at
 * the top level (path and pre-commit scans) or per commit under {@code scans[]} (commit-range scans, with
 * the commit SHA as scan id and the author in {@code extra_info}). Matches are censored with {@code *}
 * unless ggshield ran with {@code --show-secrets}; a censored value is not a credential.
 */
final class GgshieldParser implements ReportParser {

    static final String NAME = "ggshield JSON";
    static final String SCANNER = "ggshield";
    private static final Set<String> MARKERS = Set.of("entities_with_incidents", "scans", "secrets_engine_version",
            "total_incidents");

    @Override
    public ReportFormat format() {
        return ReportFormat.GGSHIELD;
    }

    /** The commit a scan entry stands for; all null for path scans. */
    private record Commit(String sha, String author, String date, int line, String pointer) {
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        Censored censored = new Censored();
        try (JsonParser p = Json.open(in)) {
            Json.firstToken(p);
            Json.expectObject(p, NAME, "");
            boolean marker = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                marker |= MARKERS.contains(name);
                if ("entities_with_incidents".equals(name)) {
                    Json.expectArray(p, NAME, "/entities_with_incidents");
                    Json.eachObject(p, NAME, "/entities_with_incidents",
                            entity -> readEntity(entity, new Commit(null, null, null, 0, null), sink, censored));
                } else if ("scans".equals(name)) {
                    Json.expectArray(p, NAME, "/scans");
                    Json.eachObject(p, NAME, "/scans", scan -> readScan(scan, sink, censored));
                } else {
                    p.skipChildren();
                }
            }
            if (!marker) {
                throw Json.notFormat(NAME, 1, "", "has none of entities_with_incidents, scans, secrets_engine_version");
            }
            Json.expectEnd(p, NAME);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
        if (censored.count > 0) {
            sink.warning("skipped " + censored.count + " censored ggshield match(es) of Twilio incidents (first at "
                    + "line " + censored.firstLine + "): a censored value is not a credential; run ggshield with "
                    + "--show-secrets");
        }
    }

    private static void readScan(Fields scan, FindingSink sink, Censored censored) {
        Fields extra = scan.obj("extra_info");
        String author = extra == null ? null : FindingDraft.author(extra.str("author"), extra.str("email"));
        String date = extra == null ? null : extra.str("date");
        Commit commit = new Commit(scan.str("id"), author, date, scan.line(),
                extra == null ? null : extra.pointer("date"));
        for (Fields entity : scan.objects("entities_with_incidents")) {
            readEntity(entity, commit, sink, censored);
        }
    }

    private static void readEntity(Fields entity, Commit commit, FindingSink sink, Censored censored) {
        String filename = entity.str("filename");
        for (Fields incident : entity.objects("incidents")) {
            String type = incident.str("type");
            boolean label = TwilioRecord.isTwilioLabel(type, incident.str("detector_documentation"));
            TwilioRecord record = new TwilioRecord(label).pairable().context(type);
            Integer firstLine = null;
            int censoredHere = 0;
            for (Fields occurrence : incident.objects("occurrences")) {
                String match = occurrence.str("match");
                Integer line = occurrence.integer("line_start");
                if (match != null && match.indexOf('*') >= 0) {
                    censoredHere++;
                    continue;
                }
                record.value(match).context(occurrence.str("type"));
                if (line != null && (firstLine == null || line < firstLine)) {
                    firstLine = line;
                }
            }
            if (label && censoredHere > 0) {
                censored.add(censoredHere, entity.line());
            }
            FindingDraft d = new FindingDraft(entity.line(), SCANNER);
            d.rule = type;
            d.file = filename;
            d.line = firstLine;
            d.commit = commit.sha();
            d.author = commit.author();
            d.commitDate = commit.date() == null
                    ? null
                    : Dates.parse(commit.date(), Dates::gitDefault, sink, commit.line(), commit.pointer());
            d.link = incident.str("incident_url");
            d.scannerValidity = incident.str("validity");
            // A censored incident was already warned about above; do not warn twice.
            record.emit(sink, d, censoredHere > 0
                    ? null
                    : "line " + entity.line()
                            + ": ggshield reported a Twilio incident without a usable value; skipped");
        }
    }

    private static final class Censored {
        int count;
        int firstLine;

        void add(int n, int line) {
            if (count == 0) {
                firstLine = line;
            }
            count += n;
        }
    }
}
