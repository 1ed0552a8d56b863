package io.leakresponder.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key or subaccount created during the exposure window: possibly the attacker's. */
@Entity
@Table(name = "suspect_resource")
class SuspectResource {

    @Id
    UUID id;

    @Column(name = "incident_id", nullable = false)
    UUID incidentId;

    @Column(nullable = false)
    String kind;

    @Column(nullable = false)
    String sid;

    @Column(name = "friendly_name")
    String friendlyName;

    @Column(name = "twilio_created_at")
    Instant twilioCreatedAt;

    @Column(nullable = false)
    String decision;

    @Column(name = "decided_by")
    String decidedBy;

    @Column(name = "decided_at")
    Instant decidedAt;

    String note;

    @Column(name = "found_at", nullable = false)
    Instant foundAt;

    /** Storage. */
    @ApplicationScoped
    static class Repository implements PanacheRepositoryBase<SuspectResource, UUID> {
        List<SuspectResource> of(UUID incidentId) {
            return list("incidentId = ?1 order by twilioCreatedAt", incidentId);
        }

        boolean exists(UUID incidentId, String sid) {
            return count("incidentId = ?1 and sid = ?2", incidentId, sid) > 0;
        }
    }
}
