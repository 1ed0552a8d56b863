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

/** One recorded check of a stored credential. */
@Entity
@Table(name = "liveness_check")
class LivenessCheck {

    @Id
    UUID id;

    @Column(name = "credential_id", nullable = false)
    UUID credentialId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Verdict verdict;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Trigger trigger;

    @Column(nullable = false)
    String actor;

    @Column(name = "checked_at", nullable = false)
    Instant checkedAt;

    @Column(name = "account_sid")
    String accountSid;

    @Column(name = "account_status")
    String accountStatus;

    @Column(name = "account_type")
    String accountType;

    Boolean subaccount;

    @Column(name = "friendly_name")
    String friendlyName;

    @Column(name = "key_type")
    String keyType;

    @Column(name = "revealed_account_sid")
    String revealedAccountSid;

    /** For LIVE: the Twilio region whose hosts accepted the credential. */
    @Column(name = "twilio_region")
    String twilioRegion;

    @Column(name = "http_status")
    Integer httpStatus;

    @Column(name = "twilio_error_code")
    Integer twilioErrorCode;

    @Column(nullable = false)
    String reason;

    @Column(nullable = false)
    int attempts;
}
