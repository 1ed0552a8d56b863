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

/** A place that uses the leaked credential and must move to the new one (the Replace step). */
@Entity
@Table(name = "consumer")
class Consumer {

    /** What kind of place it is; webhook-signature validators break when an Auth Token rotates. */
    enum Kind {
        SERVICE, CI_SECRET, VAULT_PATH, WEBHOOK_VALIDATOR, OTHER
    }

    /** Where it stands. */
    enum Status {
        PENDING, REPLACED, WAIVED
    }

    @Id
    UUID id;

    @Column(name = "incident_id", nullable = false)
    UUID incidentId;

    @Column(nullable = false)
    String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Kind kind;

    String owner;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Status status;

    @Column(nullable = false)
    boolean suggested;

    String note;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "created_by", nullable = false)
    String createdBy;

    @Column(name = "resolved_at")
    Instant resolvedAt;

    @Column(name = "resolved_by")
    String resolvedBy;

    @Version
    long version;

    static Consumer pending(UUID incidentId, String name, Kind kind, String owner, boolean suggested, String by,
            Instant now) {
        Consumer c = new Consumer();
        c.id = UUID.randomUUID();
        c.incidentId = incidentId;
        c.name = name;
        c.kind = kind;
        c.owner = owner;
        c.status = Status.PENDING;
        c.suggested = suggested;
        c.createdAt = now;
        c.createdBy = by;
        return c;
    }

    /** Replaced (with a note) or waived (with a reason); only a pending consumer can be resolved. */
    void resolve(Status outcome, String text, String by, Instant now) {
        if (status != Status.PENDING) {
            throw new io.leakresponder.common.ProblemException(409, "consumer-resolved", "Conflict",
                    "consumer '" + name + "' is already " + status);
        }
        if (outcome == Status.WAIVED && (text == null || text.isBlank())) {
            throw io.leakresponder.common.ProblemException.invalidField("reason", "waiving a consumer needs a reason");
        }
        status = outcome;
        note = text;
        resolvedAt = now;
        resolvedBy = by;
    }
}
