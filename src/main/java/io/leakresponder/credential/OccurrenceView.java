package io.leakresponder.credential;

import java.time.Instant;
import java.util.UUID;

/** An occurrence as the API shows it. */
public record OccurrenceView(UUID id, String scanner, String rule, String repository, String file, Integer line,
        String commit, String author, Instant commitDate, String link, Instant detectedAt, String scannerValidity,
        UUID reportId, Instant recordedAt) {

    static OccurrenceView of(Occurrence o) {
        return new OccurrenceView(o.id, o.scanner, o.rule, o.repository, o.file, o.line, o.commit, o.author,
                o.commitDate, o.link, o.detectedAt, o.scannerValidity, o.reportId, o.recordedAt);
    }
}
