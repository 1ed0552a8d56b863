package io.leakresponder.incident;

import java.util.Map;

/**
 * The response at a glance: open incidents per severity and how long incidents took to be contained and closed.
 */
public record IncidentStats(Map<Severity, Long> openBySeverity, long open, Durations toContain, Durations toClose) {

    /** Times from opened to a milestone over every incident that reached it; mean and median are null when none. */
    public record Durations(long count, Double meanSeconds, Double medianSeconds) {
    }
}
