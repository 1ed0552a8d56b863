package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CsvTextTest {

    static String row(boolean spreadsheet, Object... values) {
        StringBuilder out = new StringBuilder();
        CsvText.row(out, values, values.length, spreadsheet);
        return out.toString();
    }

    @Test
    void nullIsEmptyAndTheEmptyStringIsQuoted() {
        assertThat(row(false, "a", null, "", new BigDecimal("-0.00750"), Instant.parse("2026-01-01T00:00:00Z"), 3))
                .isEqualTo("a,,\"\",-0.00750,2026-01-01T00:00:00Z,3\n");
    }

    @Test
    void quotesWhatNeedsQuoting() {
        assertThat(row(false, "a,b", "say \"hi\"", "line\nbreak", " padded", "back\\slash"))
                .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\" padded\",\"back\\slash\"\n");
    }

    @Test
    void spreadsheetsGetFormulasDefusedButNumbersKept() {
        assertThat(row(true, "=HYPERLINK(\"http://x\")", "@SUM(A1)", "+15005550006", "-0.0075", "-cmd|x"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),+15005550006,-0.0075,'-cmd|x\n");
    }
}
