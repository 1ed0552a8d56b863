package io.leakresponder.incident;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Storage of the consumer ledger. */
@ApplicationScoped
class ConsumerRepository implements PanacheRepositoryBase<Consumer, UUID> {

    List<Consumer> listByIncident(UUID incidentId) {
        return list("incidentId = ?1 order by createdAt, name", incidentId);
    }

    long pending(UUID incidentId) {
        return count("incidentId = ?1 and status = ?2", incidentId, Consumer.Status.PENDING);
    }

    boolean exists(UUID incidentId, String name) {
        return count("incidentId = ?1 and name = ?2", incidentId, name) > 0;
    }
}
