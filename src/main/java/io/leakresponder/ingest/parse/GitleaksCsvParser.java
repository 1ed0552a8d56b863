package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** gitleaks {@code --report-format csv}: a header row, then one finding per row; {@code Link} is optional. */
final class GitleaksCsvParser implements ReportParser {

    static final String NAME = "gitleaks CSV";
    private static final List<String> REQUIRED = List.of("RuleID", "Commit", "File", "Secret", "StartLine");
    // The caller owns the request stream.
    private static final CsvMapper MAPPER = CsvMapper.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    @Override
    public ReportFormat format() {
        return ReportFormat.GITLEAKS_CSV;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        InputStreamReader reader = new InputStreamReader(Inputs.skipBom(in), StandardCharsets.UTF_8);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (CsvParser p = MAPPER.getFactory().createParser(reader)) {
            p.setSchema(schema);
            boolean headerChecked = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (!headerChecked) {
                    checkHeader(p.getSchema());
                    headerChecked = true;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw Json.notFormat(NAME, Json.line(p), null, "has an unexpected row structure");
                }
                Map<String, String> row = new HashMap<>();
                int line = readRow(p, row);
                map(row, line, sink);
            }
            if (!headerChecked && p.getSchema().size() > 0) {
                checkHeader(p.getSchema());
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /**
     * Reads one row into the map and returns the line it starts on. The row's START_OBJECT sits where the
     * previous row ended, so the line is taken from its first cell instead.
     */
    private static int readRow(CsvParser p, Map<String, String> row) throws IOException {
        int line = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (line == 0) {
                line = Json.line(p);
            }
            String name = p.currentName();
            p.nextToken();
            row.put(name, p.getValueAsString());
        }
        return line;
    }

    private static void checkHeader(CsvSchema schema) {
        for (String column : REQUIRED) {
            if (schema.column(column) == null) {
                throw new ReportFormatException("line 1: not a gitleaks CSV report: the header has no " + column
                        + " column", 1, column);
            }
        }
    }

    private static void map(Map<String, String> row, int line, FindingSink sink) {
        String rule = row.get("RuleID");
        if (rule == null || rule.isBlank()) {
            throw new ReportFormatException("line " + line + ": not a gitleaks CSV report: RuleID is empty", line,
                    "RuleID");
        }
        GitleaksJsonParser.Row r = new GitleaksJsonParser.Row(line, rule);
        r.secret = row.get("Secret");
        r.match = row.get("Match");
        r.file = row.get("File");
        r.symlinkFile = row.get("SymlinkFile");
        r.startLine = integer(row.get("StartLine"), line, "StartLine");
        r.commit = row.get("Commit");
        r.author = row.get("Author");
        r.email = row.get("Email");
        r.date = row.get("Date");
        r.link = row.get("Link");
        r.emit(sink);
    }

    private static Integer integer(String value, int line, String column) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new ReportFormatException("line " + line + ": not a gitleaks CSV report: " + column
                    + " must be an integer", line, column);
        }
    }

    /** Jackson's CSV messages quote cell content; keep only the line and a generic reason. */
    private static ReportFormatException malformed(JsonProcessingException e) {
        Integer line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? null : e.getLocation().getLineNr();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String reason = original.startsWith("Too many entries")
                ? "a row has more columns than the header"
                : original.contains("quote") ? "unbalanced quotes" : "unreadable CSV";
        return new ReportFormatException((line == null ? "" : "line " + line + ": ") + "malformed CSV: " + reason,
                line, null);
    }
}
