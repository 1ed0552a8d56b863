package io.leakresponder.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * CSV text for PostgreSQL's {@code COPY ... (FORMAT csv)} and for exports: RFC 4180 quoting, NULL as an empty
 * unquoted field and the empty string as {@code ""}, so both read back exactly.
 */
final class CsvText {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9][0-9.]*");

    private CsvText() {
    }

    /** Appends one row, the fields separated by commas, ended by a newline. */
    static void row(StringBuilder out, Object[] values, int count, boolean forSpreadsheets) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            field(out, values[i], forSpreadsheets);
        }
        out.append('\n');
    }

    /**
     * Appends one field. {@code forSpreadsheets} defuses formulas: values such as subaccount names or event
     * descriptions can be chosen by an attacker, and a spreadsheet would run {@code =HYPERLINK(...)}. Numbers and
     * E.164 numbers ({@code +1555...}, {@code -0.0075}) stay as they are.
     */
    static void field(StringBuilder out, Object value, boolean forSpreadsheets) {
        if (value == null) {
            return;
        }
        String s = text(value);
        if (forSpreadsheets && !s.isEmpty() && isFormulaStart(s.charAt(0)) && !PLAIN_NUMBER.matcher(s).matches()) {
            s = "'" + s;
        }
        if (s.isEmpty() || needsQuotes(s)) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    out.append('"');
                }
                out.append(c);
            }
            out.append('"');
        } else {
            out.append(s);
        }
    }

    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Instant || value instanceof LocalDate || value instanceof Number
                || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        throw new IllegalArgumentException("no CSV form for " + value.getClass().getName());
    }

    private static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == '\\') {
                return true;
            }
        }
        // COPY reads an unquoted \. line as end of data; leading or trailing spaces survive only when quoted.
        return s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ';
    }

    private static boolean isFormulaStart(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
