package io.leakresponder.credential;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Storage of credentials. */
@ApplicationScoped
class CredentialRepository implements PanacheRepositoryBase<Credential, UUID> {

    // PostgreSQL takes at most 32767 bind parameters: four lists of this size stay well below it.
    private static final int CHUNK = io.leakresponder.common.InLists.SLICE;

    Optional<Credential> findByFingerprint(String fingerprint) {
        return find("fingerprint", fingerprint).firstResultOptional();
    }

    /**
     * Every credential with one of these fingerprints, SHA-1 MACs (of its secret or either SID) or SIDs: all that
     * resolving a report's evidence can find. One query per {@value #CHUNK} values of each kind.
     */
    List<Credential> findMatching(Collection<String> fingerprints, Collection<String> sha1Macs,
            Collection<String> keySids, Collection<String> accountSids) {
        List<String> f = List.copyOf(fingerprints);
        List<String> m = List.copyOf(sha1Macs);
        List<String> k = List.copyOf(keySids);
        List<String> a = List.copyOf(accountSids);
        Map<UUID, Credential> found = new LinkedHashMap<>();
        int rounds = Math.max(Math.max(f.size(), m.size()), Math.max(k.size(), a.size()));
        for (int from = 0; from < rounds; from += CHUNK) {
            for (Credential c : list("fingerprint in ?1 or secretSha1Mac in ?2 or keySidSha1Mac in ?2 "
                    + "or accountSidSha1Mac in ?2 or keySid in ?3 or accountSid in ?4",
                    chunk(f, from), chunk(m, from), chunk(k, from), chunk(a, from))) {
                found.putIfAbsent(c.id, c);
            }
        }
        return List.copyOf(found.values());
    }

    /** A slice of at most {@value #CHUNK} values, never empty (an empty IN list is not valid SQL everywhere). */
    private static List<String> chunk(List<String> values, int from) {
        if (from >= values.size()) {
            return List.of("");
        }
        return values.subList(from, Math.min(values.size(), from + CHUNK));
    }
}
