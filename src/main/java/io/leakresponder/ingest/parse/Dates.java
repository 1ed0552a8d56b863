package io.leakresponder.ingest.parse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The date formats the scanners write, each parsed to an {@link Instant}; null when a value does not fit. */
final class Dates {

    // TruffleHog: "2022-06-16 17:17:40 +0000", Go time.String() "2022-06-16 10:17:40 -0700 PDT" (+ fraction).
    private static final Pattern TRUFFLEHOG = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})? ([+-]\\d{4})(?: [A-Za-z0-9+-]+)?(?: m=[+-][0-9.]+)?");
    // git's default log format: "Thu Jul 3 14:25:44 2025 +0200".
    private static final DateTimeFormatter GIT_DEFAULT = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy Z",
            Locale.ENGLISH);
    // git's raw format: "1378126038 +0100".
    private static final Pattern GIT_RAW = Pattern.compile("(-?\\d{1,12}) ([+-]\\d{4})");

    /** Dates outside years 1 to 9999 are read as unreadable. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Dates() {
    }

    /** RFC 3339 / ISO 8601 with an offset, or a bare date ({@code 2025-06-20}, read as UTC midnight). */
    static Instant iso(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static Instant trufflehog(String value) {
        Matcher m = TRUFFLEHOG.matcher(value);
        if (!m.matches()) {
            return iso(value);
        }
        String fraction = m.group(3) == null ? "" : m.group(3);
        String offset = m.group(4).substring(0, 3) + ":" + m.group(4).substring(3);
        return iso(m.group(1) + "T" + m.group(2) + fraction + offset);
    }

    static Instant gitDefault(String value) {
        try {
            return ZonedDateTime.parse(value.strip().replaceAll("\\s+", " "), GIT_DEFAULT).toInstant();
        } catch (DateTimeParseException e) {
            return iso(value);
        }
    }

    static Instant gitRaw(String value) {
        Matcher m = GIT_RAW.matcher(value.strip());
        if (m.matches()) {
            // The offset only says which wall clock the author used; the seconds are already UTC.
            return Instant.ofEpochSecond(Long.parseLong(m.group(1)));
        }
        return iso(value);
    }

    /**
     * The instant, or null when it is outside the years 1 to 9999: no commit or detection happened then, and the
     * database could not store every such instant.
     */
    static Instant inRange(Instant instant) {
        return instant == null || instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    }

    /**
     * Parses a date field, warning (without the value) when it is present but unreadable: a bad date loses a
     * detail, not the finding.
     */
    static Instant parse(String value, Function<String, Instant> format, FindingSink sink, int line, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed = inRange(format.apply(value.strip()));
        if (parsed == null) {
            sink.warning("line " + line + ": " + field + " is not a date in the expected format; left empty");
        }
        return parsed;
    }
}
