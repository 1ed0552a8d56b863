package io.leakresponder.credential;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Storage of credentials. */
@ApplicationScoped
class CredentialRepository implements PanacheRepositoryBase<Credential, UUID> {

    Optional<Credential> findByFingerprint(String fingerprint) {
        return find("fingerprint", fingerprint).firstResultOptional();
    }

    /** Placeholder credentials (hash-only) that a secret with this SHA-1 MAC resolves. */
    Optional<Credential> findBySecretSha1Mac(String mac) {
        return find("secretSha1Mac = ?1 order by firstSeenAt", mac).firstResultOptional();
    }

    List<Credential> findByKeySid(String keySid) {
        return list("keySid = ?1 order by firstSeenAt", keySid);
    }

    List<Credential> findByAccountSid(String accountSid) {
        return list("accountSid = ?1 order by firstSeenAt", accountSid);
    }

    List<Credential> findByAnySha1Mac(String mac) {
        return list("secretSha1Mac = ?1 or keySidSha1Mac = ?1 or accountSidSha1Mac = ?1 order by firstSeenAt", mac);
    }
}
