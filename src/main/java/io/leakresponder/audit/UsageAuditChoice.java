package io.leakresponder.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A responder's permission for the usage audit to use the leaked credential while it is live. */
@Entity
@Table(name = "usage_audit_choice")
class UsageAuditChoice {

    @Id
    @Column(name = "incident_id")
    UUID incidentId;

    @Column(name = "allow_leaked", nullable = false)
    boolean allowLeaked;

    @Column(name = "chosen_by", nullable = false)
    String chosenBy;

    @Column(name = "chosen_at", nullable = false)
    Instant chosenAt;

    /** Storage. */
    @ApplicationScoped
    static class Repository implements PanacheRepositoryBase<UsageAuditChoice, UUID> {
    }
}
