package io.leakresponder.incident;

import io.leakresponder.common.InLists;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Storage of incident events: insert and read, never update or delete. */
@ApplicationScoped
class IncidentEventRepository implements PanacheRepositoryBase<IncidentEvent, UUID> {

    Optional<IncidentEvent> last(UUID incidentId) {
        return find("incidentId = ?1 order by seq desc", incidentId).firstResultOptional();
    }

    /** The latest event of each of these incidents, keyed by incident; one query per thousand incidents. */
    Map<UUID, IncidentEvent> lastOf(Collection<UUID> incidentIds) {
        Map<UUID, IncidentEvent> found = new HashMap<>();
        for (List<UUID> slice : InLists.slices(incidentIds)) {
            for (IncidentEvent e : getEntityManager().createQuery("select e from IncidentEvent e "
                    + "where e.incidentId in :ids and e.seq = (select max(x.seq) from IncidentEvent x "
                    + "where x.incidentId = e.incidentId)", IncidentEvent.class)
                    .setParameter("ids", slice).getResultList()) {
                found.put(e.incidentId, e);
            }
        }
        return found;
    }

    List<IncidentEvent> listByIncident(UUID incidentId) {
        return list("incidentId = ?1 order by seq", incidentId);
    }
}
