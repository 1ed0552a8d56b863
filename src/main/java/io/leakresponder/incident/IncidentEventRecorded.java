package io.leakresponder.incident;

import java.util.Map;
import java.util.UUID;

/**
 * Fired inside the transaction that appends an event to an incident's trail, so that other features (the
 * notifications) can enqueue durable work atomically with it. Observers must not call out to the network.
 *
 * @param seq     the event's place in the incident's trail, unique per incident
 * @param details the event's details as recorded (never a secret: the trail holds none)
 */
public record IncidentEventRecorded(UUID incidentId, int seq, String action, String stateBefore, String stateAfter,
        Map<String, Object> details) {
}
