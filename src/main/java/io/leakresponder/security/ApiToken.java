package io.leakresponder.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A named API token. Only a hash of its secret part is stored; the token is shown once. */
@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    UUID id;

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String role;

    @Column(name = "lookup_id", nullable = false)
    String lookupId;

    @Column(name = "secret_hash", nullable = false)
    byte[] secretHash;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "created_by", nullable = false)
    String createdBy;

    @Column(name = "last_used_at")
    Instant lastUsedAt;

    @Column(name = "revoked_at")
    Instant revokedAt;

    @Column(name = "revoked_by")
    String revokedBy;

    boolean isActive() {
        return revokedAt == null;
    }

    /** Revocation is final; revoking twice keeps the first record. */
    void revoke(String by, Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
            revokedBy = by;
        }
    }

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", name=" + name + ", role=" + role + "]";
    }
}
