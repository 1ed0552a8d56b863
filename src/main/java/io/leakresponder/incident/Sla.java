package io.leakresponder.incident;

import java.time.Instant;

/**
 * Where an incident stands against its targets. A target met late stays breached; an open target is breached
 * once its deadline has passed.
 */
public record Sla(Instant acknowledgeBy, boolean acknowledgeBreached, Instant containBy, boolean containBreached) {

    static Sla of(Incident i, SlaConfig config, Instant now) {
        return of(i.state, i.severity, i.openedAt, i.acknowledgedAt, i.containedAt, config, now);
    }

    /** The same rule from the incident's columns, for lists read without loading entities. */
    static Sla of(IncidentState state, Severity severity, Instant openedAt, Instant acknowledgedAt,
            Instant containedAt, SlaConfig config, Instant now) {
        Instant ackBy = openedAt.plus(config.acknowledge(severity));
        Instant containBy = openedAt.plus(config.contain(severity));
        boolean closedEarly = state == IncidentState.CLOSED && containedAt == null;
        boolean ackBreached = !closedEarly && breached(acknowledgedAt, ackBy, now);
        boolean containBreached = !closedEarly && breached(containedAt, containBy, now);
        return new Sla(ackBy, ackBreached, containBy, containBreached);
    }

    private static boolean breached(Instant reached, Instant deadline, Instant now) {
        return reached == null ? now.isAfter(deadline) : reached.isAfter(deadline);
    }

    public boolean breached() {
        return acknowledgeBreached || containBreached;
    }
}
