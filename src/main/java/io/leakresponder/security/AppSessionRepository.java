package io.leakresponder.security;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class AppSessionRepository implements PanacheRepositoryBase<AppSession, UUID> {

    Optional<AppSession> findByTokenHash(byte[] hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    int endAllOf(UUID userId, Instant now) {
        return update("endedAt = ?1 where userId = ?2 and endedAt is null", now, userId);
    }
}
