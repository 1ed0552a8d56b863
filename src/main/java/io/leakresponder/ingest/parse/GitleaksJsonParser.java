package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** gitleaks {@code --report-format json}: an array of PascalCase finding objects. */
final class GitleaksJsonParser implements ReportParser {

    static final String NAME = "gitleaks JSON";
    static final String SCANNER = "gitleaks";

    /** The members of a finding that this parser reads; the others are only checked to be JSON. */
    private static final Set<String> FIELDS = Set.of("RuleID", "Description", "Secret", "Match", "File",
            "SymlinkFile", "StartLine", "Commit", "Author", "Email", "Date", "Link");

    @Override
    public ReportFormat format() {
        return ReportFormat.GITLEAKS;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        try (JsonParser p = Json.open(in)) {
            Json.firstToken(p);
            Json.expectArray(p, NAME, "");
            Json.eachObject(p, NAME, "", FIELDS, f -> map(f, sink));
            Json.expectEnd(p, NAME);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
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
                    .value(secret)
                    .text(match)
                    .context(description);
            FindingDraft d = new FindingDraft(reportLine, SCANNER);
            d.rule = rule;
            d.file = FindingDraft.firstNonBlank(file, symlinkFile);
            d.line = startLine;
            d.commit = commit;
            d.author = FindingDraft.author(author, email);
            if (record.isTwilio()) {
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
        for (String marker : new String[] {"/-/blob/", "/blob/"}) {
            int i = link.indexOf(marker);
            if (i > 0) {
                return link.substring(0, i);
            }
        }
        return null;
    }
}
