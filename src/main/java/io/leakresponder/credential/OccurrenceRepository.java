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

    /** Which of these dedup keys the credential already has. */
    Set<String> existingKeys(UUID credentialId, Collection<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            found.addAll(getEntityManager()
                    .createQuery("select o.dedupKey from Occurrence o where o.credentialId = :c and o.dedupKey in :k",
                            String.class)
                    .setParameter("c", credentialId).setParameter("k", chunk).getResultList());
        }
        return found;
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
