package io.leakresponder.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A dashboard session: valid while not ended, not past its absolute expiry and not idle too long. */
@Entity
@Table(name = "app_session")
class AppSession {

    @Id
    UUID id;

    @Column(name = "token_hash", nullable = false)
    byte[] tokenHash;

    @Column(name = "user_id", nullable = false)
    UUID userId;

    @Column(name = "csrf_token", nullable = false)
    String csrfToken;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    Instant lastSeenAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "ended_at")
    Instant endedAt;

    boolean isValid(Instant now, Duration idleTimeout) {
        return endedAt == null && now.isBefore(expiresAt) && now.isBefore(lastSeenAt.plus(idleTimeout));
    }

    void end(Instant now) {
        if (endedAt == null) {
            endedAt = now;
        }
    }

    @Override
    public String toString() {
        return "AppSession[" + id + "]";
    }
}
