package io.leakresponder.liveness;

import io.leakresponder.twilio.Verdict;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Record of an ad-hoc check: who, when, which credential (keyed fingerprint), the verdict. Never the secret. */
@Entity
@Table(name = "liveness_audit")
class LivenessAudit {

    @Id
    UUID id;

    @Column(nullable = false)
    Instant at;

    @Column(nullable = false)
    String actor;

    @Column(name = "token_id")
    String tokenId;

    @Column(nullable = false)
    String fingerprint;

    @Column(nullable = false)
    String kind;

    @Column(name = "account_sid")
    String accountSid;

    @Column(name = "key_sid")
    String keySid;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Verdict verdict;

    @Column(nullable = false)
    boolean tracked;
}
