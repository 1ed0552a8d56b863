package io.leakresponder.notify;

import io.leakresponder.incident.IncidentEventRecorded;
import java.util.Optional;

/** The incident events a channel can subscribe to; everything else in an incident's trail stays quiet. */
public enum NoticeEvent {
    OPENED("opened"), BECAME_LIVE("became LIVE"), SLA_BREACH("breached its SLA"), CONTAINED("contained"), REOPENED(
            "reopened"), CLOSED("closed");

    private final String verb;

    NoticeEvent(String verb) {
        this.verb = verb;
    }

    /** How a message says it: "Incident ... became LIVE". */
    public String verb() {
        return verb;
    }

    /**
     * The notice an incident event calls for, if any. New occurrences never notify on their own: a report that
     * repeats a credential a thousand times is one incident and at most one message per event.
     */
    static Optional<NoticeEvent> of(IncidentEventRecorded e) {
        return Optional.ofNullable(switch (e.action()) {
            case "opened" -> OPENED;
            case "contained" -> CONTAINED;
            case "closed" -> CLOSED;
            case "reopened" -> REOPENED;
            // A credential that had stopped working answers again while the incident is open: a regression.
            // On a closed incident the "reopened" event that follows says it.
            case "credential_working_again" -> "CLOSED".equals(e.stateBefore()) ? null : REOPENED;
            case "liveness_checked" -> "LIVE".equals(e.details().get("verdict"))
                    && !"LIVE".equals(e.details().get("previousVerdict")) ? BECAME_LIVE : null;
            default -> null;
        });
    }
}
