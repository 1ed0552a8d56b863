package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * GitGuardian API secret incidents ({@code GET /v1/incidents/secrets[/{id}]}): a list or one incident.
 *
 * <p>The API never returns secret values, only hashes. An incident becomes a finding only when a SID is
 * visible somewhere in it (e.g. a tag or a name); otherwise it is counted as ignored with a warning, so the
 * caller knows to use ggshield {@code --show-secrets} or another scanner for the value.
 */
final class GitguardianParser implements ReportParser {

    static final String NAME = "GitGuardian incidents";
    static final String SCANNER = "gitguardian";

    @Override
    public ReportFormat format() {
        return ReportFormat.GITGUARDIAN;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        try (JsonParser p = Json.open(in)) {
            JsonToken first = Json.firstToken(p);
            if (first == JsonToken.START_ARRAY) {
                Json.eachObject(p, NAME, "", incident -> map(incident, sink));
            } else if (first == JsonToken.START_OBJECT) {
                int line = Json.line(p);
                map(new Fields(Json.readTree(p), "", line, NAME), sink);
            } else {
                throw Json.notFormat(NAME, Json.line(p), "", "must be an array of incidents or one incident");
            }
            Json.expectEnd(p, NAME);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    private static void map(Fields incident, FindingSink sink) {
        Fields detector = incident.requireObj("detector");
        if (!incident.has("secret_hash") && !incident.has("gitguardian_url")) {
            throw incident.missing("secret_hash");
        }
        String name = detector.str("name");
        boolean label = TwilioRecord.isTwilioLabel(name, detector.str("display_name"),
                detector.str("detector_group_name"), incident.str("incident_name"));

        // No value exists in the API; a SID may still show in free-text fields.
        TwilioShapes.Parts sids = new TwilioShapes.Parts();
        collectSids(incident.node(), sids);
        FindingDraft base = new FindingDraft(incident.line(), SCANNER);
        base.rule = name;
        base.link = incident.str("gitguardian_url");
        base.scannerValidity = incident.str("validity");
        base.detectedAt = Dates.parse(incident.str("date"), Dates::iso, sink, incident.line(),
                incident.pointer("date"));
        List<TwilioRecord.Part> parts = TwilioRecord.combine(sids.accountSids(), sids.keySids(), List.of());
        if (parts.isEmpty()) {
            if (label) {
                sink.warning("line " + incident.line() + ": GitGuardian incident " + Safe.label(incident.str("id"))
                        + " is about Twilio, but GitGuardian incidents carry no credential value; skipped");
            }
            sink.ignored();
            return;
        }
        List<Fields> occurrences = incident.objects("occurrences");
        if (occurrences.isEmpty()) {
            parts.forEach(p -> sink.twilio(base.build(p.accountSid(), p.keySid(), null, null)));
            return;
        }
        for (Fields occurrence : occurrences) {
            FindingDraft d = base.copy();
            d.file = occurrence.str("filepath");
            d.commit = occurrence.str("sha");
            d.author = FindingDraft.author(occurrence.str("author_name"), occurrence.str("author_info"));
            d.commitDate = Dates.parse(occurrence.str("date"), Dates::iso, sink, incident.line(),
                    occurrence.pointer("date"));
            for (Fields match : occurrence.objects("matches")) {
                Integer line = match.integer("post_line_start");
                d.line = line != null ? line : match.integer("pre_line_start");
                if (d.line != null) {
                    break;
                }
            }
            Fields source = occurrence.obj("source");
            if (source != null) {
                d.repository = FindingDraft.firstNonBlank(source.str("url"), source.str("full_name"));
            }
            parts.forEach(p -> sink.twilio(d.build(p.accountSid(), p.keySid(), null, null)));
        }
    }

    /** Every SID in the incident's strings, except hash fields (opaque values that are not identifiers). */
    private static void collectSids(JsonNode node, TwilioShapes.Parts into) {
        if (node.isTextual()) {
            into.addSids(TwilioShapes.findSids(node.textValue()));
        } else if (node.isArray()) {
            node.forEach(child -> collectSids(child, into));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getKey().endsWith("_hash")) {
                    collectSids(e.getValue(), into);
                }
            }
        }
    }
}
