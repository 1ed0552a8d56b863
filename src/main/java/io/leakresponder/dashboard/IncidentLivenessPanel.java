package io.leakresponder.dashboard;

import io.leakresponder.liveness.LivenessViews;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The liveness part of an incident page: where the credential stands, its checks newest first, and whether a
 * check waits or runs (then the fragment polls until it is done).
 *
 * @param checkable whether a check can reach Twilio (a secret with what it needs is stored)
 * @param message   the outcome of a check just run from this page, or empty
 */
public record IncidentLivenessPanel(UUID incidentId, LivenessViews.Status status, List<LivenessViews.Check> checks,
        boolean pending, boolean checkable, String message, Instant now) {

    /** The last verdict's name, or UNKNOWN before the first check (a badge class of app.css). */
    public String verdict() {
        return status == null || status.lastVerdict() == null ? "UNKNOWN" : status.lastVerdict().name();
    }
}
