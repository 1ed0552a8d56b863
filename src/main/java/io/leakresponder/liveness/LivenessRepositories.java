package io.leakresponder.liveness;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Storage of the liveness feature. */
final class LivenessRepositories {

    private LivenessRepositories() {
    }

    @ApplicationScoped
    static class Checks implements PanacheRepositoryBase<LivenessCheck, UUID> {
        List<LivenessCheck> history(UUID credentialId, int limit) {
            return find("credentialId = ?1 order by checkedAt desc", credentialId).page(0, limit).list();
        }

        /**
         * The account status the latest check that saw one reported for this account, by any of its credentials;
         * null when no check saw it.
         */
        String lastAccountStatus(String accountSid) {
            return find("accountSid = ?1 and accountStatus is not null order by checkedAt desc", accountSid)
                    .page(0, 1).firstResultOptional().map(c -> c.accountStatus).orElse(null);
        }

        boolean anyVerdictOtherThan(UUID credentialId, io.leakresponder.twilio.Verdict verdict) {
            return count("credentialId = ?1 and verdict <> ?2", credentialId, verdict) > 0;
        }
    }

    @ApplicationScoped
    static class States implements PanacheRepositoryBase<CredentialLiveness, UUID> {
        List<UUID> due(Instant now, int limit) {
            return find("monitoring = ?1 and nextCheckAt <= ?2 order by nextCheckAt", Monitoring.ACTIVE, now)
                    .page(0, limit).list().stream().map(s -> s.credentialId).toList();
        }
    }

    @ApplicationScoped
    static class Audits implements PanacheRepositoryBase<LivenessAudit, UUID> {
    }
}
