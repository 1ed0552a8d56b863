package io.leakresponder.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the incident pages write times and durations, as {@code inc:} in templates: times in UTC to the minute
 * (everyone in an incident call reads the same clock), durations in the two largest units that matter.
 */
@TemplateExtension(namespace = "inc")
public final class IncidentFormat {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private IncidentFormat() {
    }

    /** {@code 2024-03-05 09:15 UTC}, or a dash when there is no time. */
    public static String time(Instant t) {
        return t == null ? "—" : MINUTE.format(t);
    }

    /** {@code 2024-03-05}, for axis labels. */
    public static String day(Instant t) {
        return t == null ? "—" : DAY.format(t);
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public static String iso(Instant t) {
        return t == null ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** How long ago, as {@code 3 h 5 min ago}. */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return "—";
        }
        Duration d = Duration.between(t, now);
        return d.isNegative() ? "in " + duration(d.negated()) : duration(d) + " ago";
    }

    /** The time from one moment to another. */
    public static String between(Instant from, Instant to) {
        return from == null || to == null ? "—" : duration(Duration.between(from, to).abs());
    }

    /** A number of seconds (a mean or median), or a dash when there is none. */
    public static String seconds(Double seconds) {
        return seconds == null ? "—" : duration(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** Event details as compact JSON, without the user info of any URL they quote. */
    public static String details(JsonNode details) {
        return details == null ? "" : IncidentOccurrences.withoutUserInfo(details.toString());
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        long min = s / 60;
        if (min < 60) {
            return min + " min";
        }
        long h = min / 60;
        if (h < 24) {
            return h + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
        }
        long days = h / 24;
        if (days < 365) {
            return days + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
        }
        return days / 365 + " y" + (days % 365 == 0 ? "" : " " + days % 365 + " d");
    }
}
