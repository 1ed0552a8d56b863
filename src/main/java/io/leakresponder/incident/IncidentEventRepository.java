package io.leakresponder.incident;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Storage of incident events: insert and read, never update or delete. */
@ApplicationScoped
class IncidentEventRepository implements PanacheRepositoryBase<IncidentEvent, UUID> {

    Optional<IncidentEvent> last(UUID incidentId) {
        return find("incidentId = ?1 order by seq desc", incidentId).firstResultOptional();
    }

    List<IncidentEvent> listByIncident(UUID incidentId) {
        return list("incidentId = ?1 order by seq", incidentId);
    }
}
