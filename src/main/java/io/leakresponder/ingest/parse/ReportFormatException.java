package io.leakresponder.ingest.parse;

/**
 * The report is not what its format says: malformed JSON, a missing field, a wrong shape.
 * The message names the line or field; it never contains a secret value.
 */
public class ReportFormatException extends RuntimeException {

    private final Integer line;
    private final String field;

    public ReportFormatException(String message, Integer line, String field) {
        super(message);
        this.line = line;
        this.field = field;
    }

    public ReportFormatException(String message, Integer line, String field, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.field = field;
    }

    /** 1-based line in the report where the problem is, when known. */
    public Integer line() {
        return line;
    }

    /** JSON pointer or column name of the offending field, when known. */
    public String field() {
        return field;
    }
}
