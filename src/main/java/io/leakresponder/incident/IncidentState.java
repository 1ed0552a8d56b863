package io.leakresponder.incident;

/** Where an incident stands in the response, from leaked to closed with evidence. */
public enum IncidentState {
    OPEN, ACKNOWLEDGED, CONTAINED, REMEDIATED, AUDITED, CLOSED
}
