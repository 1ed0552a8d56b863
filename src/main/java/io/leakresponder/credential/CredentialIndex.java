package io.leakresponder.credential;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every credential that resolving one report's evidence can find, loaded in one query, plus those the report adds:
 * resolution asks it what it would otherwise ask the database, one query per question. Lookups take candidates
 * from maps keyed by each identifying field and keep only those whose field still holds the value, so a key left
 * behind by a change never answers wrongly; answers are ordered by first sighting, as the queries were. It is
 * complete only for the values it was loaded for, and only while the caller holds the ingestion lock, so that no
 * other transaction adds credentials meanwhile.
 */
final class CredentialIndex {

    private static final Comparator<Credential> EARLIEST = Comparator.comparing((Credential c) -> c.firstSeenAt)
            .thenComparing(c -> c.id);

    private final Map<String, Set<Credential>> byFingerprint = new HashMap<>();
    private final Map<String, Set<Credential>> bySha1Mac = new HashMap<>();
    private final Map<String, Set<Credential>> byKeySid = new HashMap<>();
    private final Map<String, Set<Credential>> byAccountSid = new HashMap<>();
    private final CredentialRepository repository;

    CredentialIndex(CredentialRepository repository, Collection<Credential> loaded) {
        this.repository = repository;
        loaded.forEach(this::changed);
    }

    Optional<Credential> byFingerprint(String fingerprint) {
        return matching(byFingerprint, fingerprint, c -> c.fingerprint).stream().findFirst();
    }

    /** The earliest credential whose secret has this SHA-1 MAC. */
    Optional<Credential> bySecretSha1Mac(String mac) {
        return matching(bySha1Mac, mac, c -> c.secretSha1Mac).stream().findFirst();
    }

    List<Credential> byKeySid(String keySid) {
        return matching(byKeySid, keySid, c -> c.keySid);
    }

    List<Credential> byAccountSid(String accountSid) {
        return matching(byAccountSid, accountSid, c -> c.accountSid);
    }

    /** Credentials whose secret, key SID or account SID has this SHA-1 MAC, earliest first. */
    List<Credential> byAnySha1Mac(String mac) {
        return candidates(bySha1Mac, mac).stream()
                .filter(c -> mac.equals(c.secretSha1Mac) || mac.equals(c.keySidSha1Mac)
                        || mac.equals(c.accountSidSha1Mac))
                .sorted(EARLIEST).toList();
    }

    /** Stores a new credential (written at the next flush) and indexes it. */
    void add(Credential credential) {
        repository.persist(credential);
        changed(credential);
    }

    /** Indexes the credential's identifying fields as they are now, after resolution changed them. */
    void changed(Credential c) {
        index(byFingerprint, c.fingerprint, c);
        index(bySha1Mac, c.secretSha1Mac, c);
        index(bySha1Mac, c.keySidSha1Mac, c);
        index(bySha1Mac, c.accountSidSha1Mac, c);
        index(byKeySid, c.keySid, c);
        index(byAccountSid, c.accountSid, c);
    }

    private static void index(Map<String, Set<Credential>> map, String key, Credential c) {
        if (key != null) {
            map.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(c);
        }
    }

    private static Collection<Credential> candidates(Map<String, Set<Credential>> map, String key) {
        Set<Credential> found = key == null ? null : map.get(key);
        return found == null ? List.of() : found;
    }

    private static List<Credential> matching(Map<String, Set<Credential>> map, String key,
            Function<Credential, String> field) {
        List<Credential> out = new ArrayList<>();
        for (Credential c : candidates(map, key)) {
            if (Objects.equals(key, field.apply(c))) {
                out.add(c);
            }
        }
        out.sort(EARLIEST);
        return out;
    }
}
