package io.leakresponder.incident;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Storage of incidents. */
@ApplicationScoped
class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

    /** The incident's credential, read without loading (or locking) the incident. */
    Optional<UUID> credentialOf(UUID incidentId) {
        return getEntityManager().createQuery("select i.credentialId from Incident i where i.id = :id", UUID.class)
                .setParameter("id", incidentId).getResultStream().findFirst();
    }

    Optional<Incident> findByCredential(UUID credentialId) {
        return find("credentialId", credentialId).firstResultOptional();
    }

    /**
     * Loads the incident with its row locked until the transaction ends, so that writers that append events
     * (ingestion, liveness checks, responders) take turns and each sees the others' latest state.
     */
    Optional<Incident> findByCredentialForUpdate(UUID credentialId) {
        return find("credentialId", credentialId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    PanacheQuery<Incident> search(IncidentState state, Severity severity, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (state != null) {
            where.add("state = :state");
            params.and("state", state);
        }
        if (severity != null) {
            where.add("severity = :severity");
            params.and("severity", severity);
        }
        Sort newestFirst = Sort.descending("openedAt").and("id");
        PanacheQuery<Incident> query = where.isEmpty()
                ? findAll(newestFirst)
                : find(String.join(" and ", where), newestFirst, params);
        return query.page(Page.of(page, size));
    }
}
