package io.leakresponder.incident;

import io.leakresponder.credential.CredentialKind;
import io.leakresponder.twilio.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A query of the incident list: filters, order and page. A null filter matches everything; an empty set of
 * states too.
 *
 * @param states     incidents in one of these states
 * @param liveness   the credential's last liveness verdict, or {@link Liveness#UNCHECKED} for never checked
 * @param assignee   exactly this assignee; ignored when {@code unassigned}
 * @param unassigned only incidents nobody has taken
 * @param breached   only incidents that breach (true) or meet (false) their SLA
 * @param descending severity: most severe first; age: oldest first
 * @param page       0-based
 */
public record IncidentSearch(Set<IncidentState> states, Severity severity, Liveness liveness, String assignee,
        boolean unassigned, Boolean breached, Order order, boolean descending, int page, int size) {

    /** What the list can be ordered by; ties go to the newest incident. */
    public enum Order {
        AGE, SEVERITY
    }

    /** The last liveness verdict of the incident's credential. */
    public enum Liveness {
        LIVE, NOT_LIVE, INDETERMINATE, NOT_CHECKABLE, UNCHECKED;

        Verdict verdict() {
            return this == UNCHECKED ? null : Verdict.valueOf(name());
        }
    }

    /** One line of the list: the incident, its SLA standing and its credential by hint only. */
    public record Row(UUID id, String title, IncidentState state, Severity severity, String assignee, Sla sla,
            Instant openedAt, Instant updatedAt, Verdict liveness, Instant lastCheckedAt, CredentialKind kind,
            String hint) {
    }

    /**
     * A page of matching incidents, how many match in all, and how many match per state when the state filter
     * is left out (so each state can be offered as a next filter with its count).
     */
    public record Result(List<Row> rows, long total, Map<IncidentState, Long> perState, int page, int size) {

        public long pages() {
            return Math.max(1, (total + size - 1) / size);
        }

        public boolean hasNext() {
            return page + 1 < pages();
        }
    }
}
