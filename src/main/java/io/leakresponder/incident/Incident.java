package io.leakresponder.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** The response to one leaked credential. State changes go through methods that guard them. */
@Entity
@Table(name = "incident")
public class Incident {

    @Id
    UUID id;

    @Column(name = "credential_id", nullable = false)
    UUID credentialId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    IncidentState state;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Severity severity;

    @Column(nullable = false)
    String title;

    @Column(name = "opened_at", nullable = false)
    Instant openedAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    // Optimistic locking: concurrent actions on one incident are serialised, the loser gets 409.
    @Version
    long version;

    String assignee;

    @Column(name = "acknowledged_at")
    Instant acknowledgedAt;

    @Column(name = "contained_at")
    Instant containedAt;

    @Column(name = "remediated_at")
    Instant remediatedAt;

    @Column(name = "audited_at")
    Instant auditedAt;

    @Column(name = "closed_at")
    Instant closedAt;

    @Enumerated(EnumType.STRING)
    Resolution resolution;

    @Column(name = "resolution_reason")
    String resolutionReason;

    @Column(name = "reopened_count", nullable = false)
    int reopenedCount;

    static Incident open(UUID credentialId, Severity severity, String title, Instant now) {
        Incident incident = new Incident();
        incident.id = UUID.randomUUID();
        incident.credentialId = credentialId;
        incident.state = IncidentState.OPEN;
        incident.severity = severity;
        incident.title = title;
        incident.openedAt = now;
        incident.updatedAt = now;
        return incident;
    }

    public UUID id() {
        return id;
    }

    public UUID credentialId() {
        return credentialId;
    }

    public IncidentState state() {
        return state;
    }

    public Severity severity() {
        return severity;
    }

    public boolean isOpen() {
        return state != IncidentState.CLOSED;
    }

    /** A responder takes the incident. */
    void acknowledge(String newAssignee, Instant now) {
        require(IncidentState.OPEN, "acknowledge", null);
        if (newAssignee == null || newAssignee.isBlank()) {
            throw new IllegalArgumentException("an assignee is required");
        }
        assignee = newAssignee;
        acknowledgedAt = now;
        move(IncidentState.ACKNOWLEDGED, now);
    }

    /** The leaked credential was rotated or revoked and a check confirmed it NOT_LIVE. */
    void markContained(boolean confirmedNotLive, Instant now) {
        require(IncidentState.ACKNOWLEDGED, "contain", null);
        if (!confirmedNotLive) {
            throw new IllegalTransitionException(state, "contain", "a liveness check must confirm NOT_LIVE first");
        }
        containedAt = now;
        move(IncidentState.CONTAINED, now);
    }

    /** Every consumer was replaced or waived. */
    void markRemediated(long pendingConsumers, Instant now) {
        require(IncidentState.CONTAINED, "remediate", null);
        if (pendingConsumers > 0) {
            throw new IllegalTransitionException(state, "remediate",
                    pendingConsumers + " consumer(s) are still PENDING: replace or waive them first");
        }
        remediatedAt = now;
        move(IncidentState.REMEDIATED, now);
    }

    /** The usage audit of the compromised window was reviewed. */
    void markAudited(boolean auditReviewed, Instant now) {
        require(IncidentState.REMEDIATED, "mark audited", null);
        if (!auditReviewed) {
            throw new IllegalTransitionException(state, "mark audited", "the usage audit has not been reviewed");
        }
        auditedAt = now;
        move(IncidentState.AUDITED, now);
    }

    /** The normal end: closed on the evidence gathered along the way. */
    void closeRevoked(Instant now) {
        require(IncidentState.AUDITED, "close as REVOKED", null);
        finish(Resolution.REVOKED, null, now);
    }

    /**
     * Closes early from any open state, with a reason. NEVER_LIVE needs every check to have said NOT_LIVE;
     * ACCEPTED_RISK needs an admin.
     */
    void closeEarly(Resolution why, String reason, boolean byAdmin, boolean everyCheckNotLive, Instant now) {
        if (!isOpen()) {
            throw new IllegalTransitionException(state, "close", "it is already closed");
        }
        if (why == Resolution.REVOKED) {
            throw new IllegalTransitionException(state, "close as REVOKED",
                    "REVOKED closes an AUDITED incident; contain, remediate and audit first");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        if (why == Resolution.NEVER_LIVE && !everyCheckNotLive) {
            throw new IllegalTransitionException(state, "close as NEVER_LIVE",
                    "not every liveness check said NOT_LIVE");
        }
        if (why == Resolution.ACCEPTED_RISK && !byAdmin) {
            throw new IllegalTransitionException(state, "close as ACCEPTED_RISK", "only an admin may accept the risk");
        }
        finish(why, reason, now);
    }

    /** A closed incident whose credential turned up again and still works. */
    void reopen(Instant now) {
        if (isOpen()) {
            throw new IllegalTransitionException(state, "reopen", "it is open");
        }
        resolution = null;
        resolutionReason = null;
        closedAt = null;
        reopenedCount++;
        move(IncidentState.OPEN, now);
    }

    private void finish(Resolution why, String reason, Instant now) {
        resolution = why;
        resolutionReason = reason;
        closedAt = now;
        move(IncidentState.CLOSED, now);
    }

    private void require(IncidentState expected, String action, String why) {
        if (state != expected) {
            throw new IllegalTransitionException(state, action,
                    why != null ? why : "it must be " + expected);
        }
    }

    private void move(IncidentState next, Instant now) {
        state = next;
        updatedAt = now;
    }

    void touch(Instant now) {
        updatedAt = now;
    }

    /** Re-titles the incident when more is learned about its credential (e.g. a placeholder got its value). */
    void retitle(String newTitle, Instant now) {
        title = newTitle;
        updatedAt = now;
    }

    /** Raises or lowers severity; returns whether it changed. */
    boolean changeSeverity(Severity newSeverity, Instant now) {
        if (newSeverity == severity) {
            return false;
        }
        severity = newSeverity;
        updatedAt = now;
        return true;
    }
}
