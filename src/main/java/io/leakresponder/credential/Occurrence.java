package io.leakresponder.credential;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One place and time a credential was seen by a scanner. */
@Entity
@Table(name = "occurrence")
public class Occurrence {

    @Id
    UUID id;

    @Column(name = "credential_id", nullable = false)
    UUID credentialId;

    @Column(name = "report_id")
    UUID reportId;

    @Column(name = "dedup_key", nullable = false)
    String dedupKey;

    @Column(nullable = false)
    String scanner;

    String rule;
    String repository;
    String file;
    Integer line;

    @Column(name = "commit_sha")
    String commit;

    String author;

    @Column(name = "commit_date")
    Instant commitDate;

    String link;

    @Column(name = "detected_at")
    Instant detectedAt;

    @Column(name = "scanner_validity")
    String scannerValidity;

    @Column(name = "recorded_at", nullable = false)
    Instant recordedAt;
}
