package io.leakresponder.credential;

import java.time.Instant;

/** Where a credential was seen, as the ingest feature hands it over. */
public record OccurrenceData(String scanner, String rule, String repository, String file, Integer line,
        String commit, String author, Instant commitDate, String link, Instant detectedAt, String scannerValidity) {

    /** Earliest moment this occurrence proves the credential was exposed, or null. */
    public Instant earliestEvidence() {
        if (commitDate == null) {
            return detectedAt;
        }
        return detectedAt == null || commitDate.isBefore(detectedAt) ? commitDate : detectedAt;
    }
}
