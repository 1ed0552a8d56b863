package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** gitleaks {@code --report-format json}: an array of PascalCase finding objects. */
final class GitleaksJsonParser implements ReportParser {

    static final String NAME = "gitleaks JSON";
    static final String SCANNER = "gitleaks";

    @Override
    public ReportFormat format() {
        return ReportFormat.GITLEAKS;
    }

    /** The members of a finding that this parser reads, by position; the others are only checked to be JSON. */
    private static final String[] NAMES = {"RuleID", "Description", "Secret", "Match", "File", "SymlinkFile",
            "StartLine", "Commit", "Author", "Email", "Date", "Link"};
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < NAMES.length; i++) {
            INDEX.put(NAMES[i], i);
        }
    }

    private static final int RULE = 0;
    private static final int SECRET = 2;
    private static final int MATCH = 3;
    private static final int START_LINE = 6;

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        try (JsonParser p = Json.open(in)) {
            Json.firstToken(p);
            Json.expectArray(p, NAME, "");
            eachFinding(p, sink);
            Json.expectEnd(p, NAME);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    /**
     * Reads the array of findings as {@code Json.eachObject} with these names would, but first looks at each
     * finding's members as read: when the rule is no Twilio label, neither {@code Secret} nor {@code Match} has a
     * run of letters and digits long enough for a SID or secret, and every member has the type the full reading
     * wants, the finding is counted as ignored, which is what the full reading would conclude, without building
     * its tree. Anything else (nearly all Twilio candidates, any number or object where text is expected, a
     * missing rule) goes the full way, which decides, warns or fails as before.
     */
    private static void eachFinding(JsonParser p, FindingSink sink) throws IOException {
        Object[] values = new Object[NAMES.length];
        Json.eachElement(p, NAME, "", (index, line) -> {
            Arrays.fill(values, null);
            boolean[] plain = {true};
            Json.eachMember(p, (name, value) -> {
                Integer field = INDEX.get(name);
                if (field == null) {
                    p.skipChildren();
                    return;
                }
                if (values[field] != null) {
                    plain[0] = false; // a repeated member: the full reading keeps the last one, let it decide
                }
                if (value == JsonToken.VALUE_STRING) {
                    values[field] = p.getText();
                    plain[0] &= field != START_LINE; // the full reading refuses a string there
                } else if (value == JsonToken.VALUE_NULL) {
                    values[field] = NullNode.getInstance();
                } else {
                    JsonNode read = Json.readTree(p);
                    values[field] = read;
                    plain[0] &= field == START_LINE && read.isInt();
                }
            });
            if (plain[0] && ignorable(values)) {
                sink.ignored();
                return;
            }
            ObjectNode node = Json.MAPPER.getNodeFactory().objectNode();
            for (int i = 0; i < NAMES.length; i++) {
                if (values[i] != null) {
                    node.set(NAMES[i],
                            values[i] instanceof String text ? TextNode.valueOf(text) : (JsonNode) values[i]);
                }
            }
            map(new Fields(node, "/" + index, line, NAME), sink);
        });
    }

    /** Members read as strings, null or (StartLine only) an int: can the finding be about Twilio? */
    private static boolean ignorable(Object[] values) {
        return values[RULE] instanceof String rule && !TwilioRecord.isTwilioLabel(rule)
                && !candidate(values[SECRET]) && !candidate(values[MATCH]);
    }

    private static boolean candidate(Object value) {
        return value instanceof String text && TwilioShapes.hasCandidateRun(text);
    }

    private static void map(Fields f, FindingSink sink) {
        Row row = new Row(f.line(), f.requireStr("RuleID"));
        row.description = f.str("Description");
        row.secret = f.str("Secret");
        row.match = f.str("Match");
        row.file = f.str("File");
        row.symlinkFile = f.str("SymlinkFile");
        row.startLine = f.integer("StartLine");
        row.commit = f.str("Commit");
        row.author = f.str("Author");
        row.email = f.str("Email");
        row.date = f.str("Date");
        row.link = f.str("Link");
        row.emit(sink);
    }

    /** One gitleaks finding, the same for JSON and CSV. */
    static final class Row {
        final int reportLine;
        final String rule;
        String description;
        String secret;
        String match;
        String file;
        String symlinkFile;
        Integer startLine;
        String commit;
        String author;
        String email;
        String date;
        String link;

        Row(int reportLine, String rule) {
            this.reportLine = reportLine;
            this.rule = rule;
        }

        void emit(FindingSink sink) {
            // twilio-api-key is the only Twilio rule; generic-api-key may still catch an auth_token line.
            TwilioRecord record = new TwilioRecord(TwilioRecord.isTwilioLabel(rule))
                    .pairable()
                    .value(secret)
                    .text(match)
                    .context(description);
            FindingDraft d = new FindingDraft(reportLine, SCANNER);
            d.rule = rule;
            d.file = FindingDraft.firstNonBlank(file, symlinkFile);
            d.line = startLine;
            d.commit = commit;
            d.author = FindingDraft.author(author, email);
            if (record.mayBeTwilio()) {
                // Parsing dates is costly and most records are not about Twilio: only those are stored.
                d.commitDate = Dates.parse(date, Dates::iso, sink, reportLine, "Date");
            }
            d.link = link;
            d.repository = repositoryOf(link);
            record.emit(sink, d);
        }
    }

    /** gitleaks names no repository; its blob link starts with the repository URL. */
    static String repositoryOf(String link) {
        if (link == null) {
            return null;
        }
        for (String marker : new String[]{"/-/blob/", "/blob/"}) {
            int i = link.indexOf(marker);
            if (i > 0) {
                return link.substring(0, i);
            }
        }
        return null;
    }
}
