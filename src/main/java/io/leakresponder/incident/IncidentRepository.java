package io.leakresponder.incident;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.leakresponder.common.InLists;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The incidents of these credentials, each row locked until the transaction ends, taken in id order so that
     * two such batches cannot deadlock each other; keyed by credential.
     */
    Map<UUID, Incident> findByCredentialsForUpdate(Collection<UUID> credentialIds) {
        Map<UUID, Incident> found = new HashMap<>();
        for (List<UUID> slice : InLists.slices(credentialIds)) {
            for (Incident i : find("credentialId in ?1 order by id", slice)
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list()) {
                found.put(i.credentialId, i);
            }
        }
        return found;
    }

    /** The incident ids of these credentials, keyed by credential, read without loading or locking them. */
    Map<UUID, UUID> idsByCredential(Collection<UUID> credentialIds) {
        Map<UUID, UUID> found = new HashMap<>();
        for (List<UUID> slice : InLists.slices(credentialIds)) {
            for (Object[] row : getEntityManager().createQuery("select i.credentialId, i.id from Incident i "
                    + "where i.credentialId in :ids", Object[].class).setParameter("ids", slice).getResultList()) {
                found.put((UUID) row[0], (UUID) row[1]);
            }
        }
        return found;
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
