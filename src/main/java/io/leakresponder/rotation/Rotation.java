package io.leakresponder.rotation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** One rotation of an incident's credential, as a saga of recorded steps. */
@Entity
@Table(name = "rotation")
class Rotation {

    /** How the responder chose to rotate. API_KEY is the only mode for API keys. */
    enum Mode {
        ZERO_DOWNTIME, IMMEDIATE, MANUAL, API_KEY
    }

    /** Which credential authenticates the rotation calls. */
    enum AuthSource {
        SELF, ADMIN, NONE
    }

    /** Where the saga stands. */
    enum Status {
        AWAITING_PROMOTE, AWAITING_DELETE, AWAITING_CONFIRMATION, IN_DOUBT, CONFIRMED, FAILED, ABANDONED;

        boolean active() {
            return this != CONFIRMED && this != FAILED && this != ABANDONED;
        }
    }

    @Id
    UUID id;

    @Column(name = "incident_id", nullable = false)
    UUID incidentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Mode mode;

    @Enumerated(EnumType.STRING)
    @Column(name = "auth_source", nullable = false)
    AuthSource authSource;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Status status;

    @Column(name = "new_key_sid")
    String newKeySid;

    @Column(name = "new_secret_ciphertext")
    byte[] newSecretCiphertext;

    @Column(name = "new_secret_key_id")
    String newSecretKeyId;

    @Column(name = "new_secret_hint")
    String newSecretHint;

    @Column(name = "secondary_fingerprint")
    String secondaryFingerprint;

    @Column(name = "confirm_after")
    Instant confirmAfter;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "created_by", nullable = false)
    String createdBy;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    long version;
}
