package io.leakresponder.rotation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One external call of a rotation, recorded before it runs (STARTED) and after (its outcome). */
@Entity
@Table(name = "rotation_step")
class RotationStep {

    /** Outcome of the call; UNKNOWN means it may or may not have taken effect; RECONCILED was settled later. */
    enum Status {
        STARTED, SUCCEEDED, FAILED, UNKNOWN, RECONCILED
    }

    @Id
    UUID id;

    @Column(name = "rotation_id", nullable = false)
    UUID rotationId;

    @Column(nullable = false)
    String step;

    @Column(name = "idempotency_key", nullable = false)
    String idempotencyKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Status status;

    @Column(name = "started_at", nullable = false)
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    @Column(name = "http_status")
    Integer httpStatus;

    @Column(name = "twilio_error_code")
    Integer twilioErrorCode;

    String reason;
}
