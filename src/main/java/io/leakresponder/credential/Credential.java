package io.leakresponder.credential;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A leaked credential, identified by a keyed fingerprint. The secret exists here only as ciphertext;
 * people see {@link #secretHint} and the SIDs, which are identifiers.
 */
@Entity
@Table(name = "credential")
public class Credential {

    @Id
    UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    CredentialKind kind;

    @Column(nullable = false)
    String fingerprint;

    @Column(name = "account_sid")
    String accountSid;

    @Column(name = "key_sid")
    String keySid;

    @Column(name = "secret_hint")
    String secretHint;

    @Column(name = "secret_ciphertext")
    byte[] secretCiphertext;

    @Column(name = "secret_key_id")
    String secretKeyId;

    @Column(name = "secret_sha1_mac")
    String secretSha1Mac;

    @Column(name = "account_sid_sha1_mac")
    String accountSidSha1Mac;

    @Column(name = "key_sid_sha1_mac")
    String keySidSha1Mac;

    @Column(name = "needs_secret", nullable = false)
    boolean needsSecret;

    @Column(name = "first_seen_at", nullable = false)
    Instant firstSeenAt;

    @Column(name = "exposure_start", nullable = false)
    Instant exposureStart;

    @Column(name = "secret_destroyed_at")
    Instant secretDestroyedAt;

    /** The Twilio region the credential was found working in ({@code us1}, {@code ie1}, {@code au1}); null: unknown. */
    @Column(name = "twilio_region")
    String twilioRegion;

    public UUID id() {
        return id;
    }

    public CredentialKind kind() {
        return kind;
    }

    public String accountSid() {
        return accountSid;
    }

    public String keySid() {
        return keySid;
    }

    public String secretHint() {
        return secretHint;
    }

    public boolean needsSecret() {
        return needsSecret;
    }

    public boolean hasSecret() {
        return secretCiphertext != null;
    }

    public Instant firstSeenAt() {
        return firstSeenAt;
    }

    public Instant exposureStart() {
        return exposureStart;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** Moves the exposure start earlier when older evidence arrives; never later. */
    boolean widenExposure(Instant evidence) {
        if (evidence != null && evidence.isBefore(exposureStart)) {
            exposureStart = evidence;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "Credential[id=" + id + ", kind=" + kind + ", accountSid=" + accountSid + ", keySid=" + keySid
                + ", hint=" + secretHint + "]";
    }
}
