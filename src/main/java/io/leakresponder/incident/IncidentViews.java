package io.leakresponder.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.credential.OccurrenceView;
import io.leakresponder.liveness.LivenessViews;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the incident API returns. */
public final class IncidentViews {

    private IncidentViews() {
    }

    /** A line of the incident list. */
    public record Summary(UUID id, String title, IncidentState state, Severity severity, String assignee, Sla sla,
            Instant openedAt,
            Instant updatedAt, Instant exposureStart, CredentialView credential) {
    }

    /** One incident with its credential, occurrences and history. */
    public record Detail(UUID id, String title, IncidentState state, Severity severity, Sla sla, long version,
            String assignee, Resolution resolution, String resolutionReason, Instant acknowledgedAt,
            Instant containedAt, Instant remediatedAt, Instant auditedAt, Instant closedAt, Instant openedAt,
            Instant updatedAt, Instant exposureStart, CredentialView credential, LivenessViews.Status liveness,
            long occurrenceCount,
            List<OccurrenceView> occurrences, List<Event> events) {
    }

    /** An event of the audit trail. */
    public record Event(int seq, Instant at, String actor, String action, String stateBefore, String stateAfter,
            JsonNode details, String hash) {
    }

    /** A page of results. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** Result of recomputing an incident's hash chain. */
    public record ChainVerification(boolean valid, int events, Integer firstBrokenSeq, String reason) {
    }
}
