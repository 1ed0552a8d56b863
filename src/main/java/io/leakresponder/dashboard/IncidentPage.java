package io.leakresponder.dashboard;

import io.leakresponder.incident.IncidentViews;
import java.time.Instant;
import java.util.List;

/**
 * Everything the incident page shows besides its liveness panel.
 *
 * @param shownOccurrences how many of {@code incident.occurrenceCount} are listed (the service caps the list)
 */
public record IncidentPage(IncidentViews.Detail incident, IncidentViews.ChainVerification chain,
        List<IncidentOccurrences.Group> repositories, int shownOccurrences, TimelineSvg timeline, Instant now) {

    public boolean closed() {
        return incident.closedAt() != null;
    }

    /** Where the window of exposure ends: containment, else closing, else it is still open. */
    public Instant exposureEnd() {
        return incident.containedAt() != null
                ? incident.containedAt()
                : incident.closedAt() != null ? incident.closedAt() : now;
    }
}
