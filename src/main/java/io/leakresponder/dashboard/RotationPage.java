package io.leakresponder.dashboard;

import io.leakresponder.audit.SuspectService;
import io.leakresponder.audit.SuspectView;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.incident.IncidentViews;
import io.leakresponder.incident.IncidentWorkflow.ConsumerView;
import io.leakresponder.liveness.LivenessViews;
import io.leakresponder.rotation.RotationViews;
import io.quarkus.qute.RawString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the guided rotation page shows of one incident. {@code newSecret} is set only when the action that
 * produced this page minted a secret: it is rendered that one time and never kept. {@code audit} and {@code suspects}
 * (API keys and subaccounts created during the exposure) are read only for the audit step, the one place that shows
 * them; null on the others.
 */
public record RotationPage(UUID id, String title, String state, long version, String assignee, String kind,
        boolean apiKey, String hint, List<StepItem> steps, RunbookStep viewing, RawString runbook,
        String runbookFile, RotationViews.Rotation rotation, boolean running, List<String> occurrences,
        List<ConsumerView> consumers, long pendingConsumers, LivenessViews.Status liveness, AuditState audit,
        List<SuspectView> suspects, String newSecret, String newSecretLabel, String message) {

    private static final Set<String> CONFIRMING = Set.of("AWAITING_CONFIRMATION", "CONFIRMED");

    @Override
    public String toString() {
        return "RotationPage[id=" + id + ", state=" + state + ", viewing=" + viewing + "]";
    }

    /** One entry of the step bar. */
    public record StepItem(String id, String label, boolean current, boolean done, boolean viewing) {
    }

    /** Where the usage audit of the compromised window stands. */
    public record AuditState(boolean started, String verdict, String verdictReason, String reviewedBy) {
    }

    /** The step the incident is at: where the page opens when no step is asked for. Null once closed. */
    static RunbookStep current(IncidentState state, String rotationStatus) {
        return switch (state) {
            case OPEN -> RunbookStep.ACKNOWLEDGE;
            case ACKNOWLEDGED -> {
                if (rotationStatus == null) {
                    yield RunbookStep.ROTATE;
                }
                yield switch (rotationStatus) {
                    case "AWAITING_PROMOTE", "AWAITING_DELETE" -> RunbookStep.REPLACE;
                    case "AWAITING_CONFIRMATION", "CONFIRMED" -> RunbookStep.CONTAIN;
                    default -> RunbookStep.ROTATE; // none yet, in doubt, failed or abandoned
                };
            }
            case CONTAINED -> RunbookStep.REPLACE;
            case REMEDIATED -> RunbookStep.AUDIT;
            case AUDITED -> RunbookStep.CLOSE;
            case CLOSED -> null;
        };
    }

    /** The step bar: each step done when the incident reached it, the current one highlighted. */
    static List<StepItem> bar(IncidentViews.Detail incident, String rotationStatus, RunbookStep viewing) {
        RunbookStep current = current(incident.state(), rotationStatus);
        List<StepItem> items = new ArrayList<>();
        for (RunbookStep s : RunbookStep.values()) {
            boolean done = switch (s) {
                case ACKNOWLEDGE -> incident.acknowledgedAt() != null;
                case ROTATE -> incident.containedAt() != null
                        || rotationStatus != null && CONFIRMING.contains(rotationStatus);
                case REPLACE -> incident.remediatedAt() != null;
                case CONTAIN -> incident.containedAt() != null;
                case AUDIT -> incident.auditedAt() != null;
                case CLOSE -> incident.closedAt() != null;
            };
            items.add(new StepItem(s.id(), s.label(), s == current, done && s != current, s == viewing));
        }
        return items;
    }

    /** Whether Twilio can be scanned for attacker-made keys now: after containment, before closing. */
    public boolean suspectsScannable() {
        return Set.of("CONTAINED", "REMEDIATED", "AUDITED").contains(state);
    }

    public boolean open() {
        return !"CLOSED".equals(state);
    }

    public boolean canAcknowledge() {
        return "OPEN".equals(state);
    }

    public boolean acknowledged() {
        return "ACKNOWLEDGED".equals(state);
    }

    public boolean canRemediate() {
        return "CONTAINED".equals(state);
    }

    public boolean audited() {
        return "AUDITED".equals(state);
    }

    public String rotationStatus() {
        return rotation == null ? null : rotation.status();
    }

    /** A new rotation may start: the incident is acknowledged and no rotation is in progress. */
    public boolean canStart() {
        return acknowledged() && (rotation == null || Set.of("FAILED", "ABANDONED").contains(rotation.status()));
    }

    public boolean canPromote() {
        return rotation != null && "AWAITING_PROMOTE".equals(rotation.status());
    }

    public boolean canDeleteOldKey() {
        return rotation != null && "AWAITING_DELETE".equals(rotation.status());
    }

    public boolean canResume() {
        return rotation != null && "IN_DOUBT".equals(rotation.status()) && !running;
    }

    public boolean canAbandon() {
        return rotation != null && Set.of("AWAITING_PROMOTE", "AWAITING_DELETE", "AWAITING_CONFIRMATION", "IN_DOUBT")
                .contains(rotation.status());
    }

    public boolean confirmed() {
        return rotation != null && "CONFIRMED".equals(rotation.status());
    }

    /** The Auth Token rotation modes offered (API keys have one: a replacement key). */
    public List<String> modes() {
        return List.of("ZERO_DOWNTIME", "IMMEDIATE", "MANUAL");
    }
}
