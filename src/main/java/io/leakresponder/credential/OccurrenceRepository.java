package io.leakresponder.credential;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Storage of occurrences. */
@ApplicationScoped
class OccurrenceRepository implements PanacheRepositoryBase<Occurrence, UUID> {

    // PostgreSQL takes at most 32767 bind parameters; stay well below it.
    private static final int IN_CHUNK = 1000;

    /** Which (credential, dedup key) pairs already exist, for many credentials in one round of queries. */
    Set<String> existingPairs(Collection<UUID> credentialIds, Collection<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            for (Object[] row : getEntityManager().createQuery("select o.credentialId, o.dedupKey from Occurrence o "
                    + "where o.credentialId in :c and o.dedupKey in :k", Object[].class)
                    .setParameter("c", credentialIds).setParameter("k", chunk).getResultList()) {
                found.add(row[0] + "/" + row[1]);
            }
        }
        return found;
    }

    /** Writes new occurrences and lets go of them: later queries in the transaction need not re-check them. */
    void insertAll(List<Occurrence> added) {
        persist(added);
        getEntityManager().flush();
        added.forEach(getEntityManager()::detach);
    }

    List<Occurrence> listByCredential(UUID credentialId, int limit) {
        return find("credentialId = ?1 order by recordedAt, repository, file, line", credentialId).page(0, limit).list();
    }

    long countByCredential(UUID credentialId) {
        return count("credentialId", credentialId);
    }

    Optional<Occurrence> findFirstByLink(String link) {
        return find("link = ?1 order by recordedAt", link).firstResultOptional();
    }
}
