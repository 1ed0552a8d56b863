package io.leakresponder.dashboard;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages show times and durations: UTC, to the minute, the same on every page. */
@TemplateExtension
final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** {@code {instant.utc}}: 2026-11-28 21:22 UTC; empty for none. */
    static String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    /** {@code {duration.human}}: 3 d 4 h, 2 h 5 min, 40 s. */
    static String human(Duration duration) {
        if (duration == null) {
            return "";
        }
        long s = Math.max(0, duration.toSeconds());
        if (s >= 86_400) {
            return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
        }
        if (s >= 3600) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        if (s >= 60) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
