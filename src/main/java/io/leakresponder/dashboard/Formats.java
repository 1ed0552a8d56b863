package io.leakresponder.dashboard;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;

/** How pages show times: UTC, to the minute, as the incident pages ({@link IncidentFormat#time}). */
@TemplateExtension
final class Formats {

    private Formats() {
    }

    /** {@code {instant.utc}}: 2026-11-28 21:22 UTC; empty for none. */
    static String utc(Instant instant) {
        return instant == null ? "" : IncidentFormat.time(instant);
    }
}
