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
