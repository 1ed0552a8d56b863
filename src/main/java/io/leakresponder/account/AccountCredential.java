package io.leakresponder.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The admin credential registered for a Twilio account; the secret only as ciphertext. */
@Entity
@Table(name = "account_credential")
class AccountCredential {

    @Id
    UUID id;

    @Column(name = "account_sid", nullable = false)
    String accountSid;

    @Column(nullable = false)
    String kind;

    @Column(name = "key_sid")
    String keySid;

    @Column(name = "secret_ciphertext", nullable = false)
    byte[] secretCiphertext;

    @Column(name = "secret_key_id", nullable = false)
    String secretKeyId;

    @Column(nullable = false)
    String hint;

    String label;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "created_by", nullable = false)
    String createdBy;

    /** The Twilio region the credential was found working in at registration ({@code us1}, {@code ie1}, {@code au1}). */
    @Column(name = "twilio_region", nullable = false)
    String twilioRegion = "us1";
}
