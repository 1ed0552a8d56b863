package io.leakresponder.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the dashboard. Guards its own lock-out and disabled state. */
@Entity
@Table(name = "app_user")
class AppUser {

    @Id
    UUID id;

    @Column(nullable = false)
    String username;

    /** Null for a person who signs in through the OpenID Connect provider. */
    @Column(name = "password_hash")
    String passwordHash;

    /** The OpenID Connect provider (issuer) that vouches for this person; null for a local user. */
    @Column(name = "external_issuer")
    String externalIssuer;

    /** The provider's stable subject ({@code sub}) of this person; null for a local user. */
    @Column(name = "external_subject")
    String externalSubject;

    @Column(nullable = false)
    String role;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "created_by", nullable = false)
    String createdBy;

    @Column(name = "last_login_at")
    Instant lastLoginAt;

    @Column(name = "failed_logins", nullable = false)
    int failedLogins;

    @Column(name = "locked_until")
    Instant lockedUntil;

    @Column(name = "disabled_at")
    Instant disabledAt;

    boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** Signs in through the OpenID Connect provider: has no password here. */
    boolean isExternal() {
        return externalSubject != null;
    }

    boolean isDisabled() {
        return disabledAt != null;
    }

    /** Counts a wrong password; after {@code maxFailures} in a row the account is locked for {@code lockFor}. */
    void recordFailure(Instant now, int maxFailures, Duration lockFor) {
        failedLogins++;
        if (failedLogins >= maxFailures) {
            lockedUntil = now.plus(lockFor);
            failedLogins = 0;
        }
    }

    void recordLogin(Instant now) {
        failedLogins = 0;
        lockedUntil = null;
        lastLoginAt = now;
    }

    void disable(Instant now) {
        if (disabledAt == null) {
            disabledAt = now;
        }
    }

    void enable() {
        disabledAt = null;
        failedLogins = 0;
        lockedUntil = null;
    }

    @Override
    public String toString() {
        return "AppUser[" + username + ", " + role + "]";
    }
}
