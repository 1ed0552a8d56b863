package io.leakresponder.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/** What ingesting one report did; this is the body of the findings endpoint's answer. */
public record IngestOutcome(String format, int received, int twilio, int ignored, Counts credentials,
        Counts occurrences, List<TouchedIncident> incidents, List<String> warnings, UUID reportId) {

    /** New versus already known. */
    public record Counts(@JsonProperty("new") int newCount, int known) {
    }

    /** An incident the report opened or added to. */
    public record TouchedIncident(UUID id, boolean opened) {
    }
}
