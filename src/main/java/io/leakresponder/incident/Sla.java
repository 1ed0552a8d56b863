package io.leakresponder.incident;

import java.time.Instant;

/**
 * Where an incident stands against its targets. A target met late stays breached; an open target is breached
 * once its deadline has passed.
 */
public record Sla(Instant acknowledgeBy, boolean acknowledgeBreached, Instant containBy, boolean containBreached) {

    static Sla of(Incident i, SlaConfig config, Instant now) {
        Instant ackBy = i.openedAt.plus(config.acknowledge(i.severity));
        Instant containBy = i.openedAt.plus(config.contain(i.severity));
        boolean closedEarly = i.state == IncidentState.CLOSED && i.containedAt == null;
        boolean ackBreached = !closedEarly && breached(i.acknowledgedAt, ackBy, now);
        boolean containBreached = !closedEarly && breached(i.containedAt, containBy, now);
        return new Sla(ackBy, ackBreached, containBy, containBreached);
    }

    private static boolean breached(Instant reached, Instant deadline, Instant now) {
        return reached == null ? now.isAfter(deadline) : reached.isAfter(deadline);
    }

    public boolean breached() {
        return acknowledgeBreached || containBreached;
    }
}
