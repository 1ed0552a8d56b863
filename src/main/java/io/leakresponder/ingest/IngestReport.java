package io.leakresponder.ingest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A report that added something: its format, size, counts and who sent it. */
@Entity
@Table(name = "ingest_report")
class IngestReport {

    @Id
    UUID id;

    @Column(nullable = false)
    String format;

    @Column(nullable = false)
    String source;

    @Column(name = "body_sha256", nullable = false)
    String bodySha256;

    @Column(name = "body_bytes", nullable = false)
    long bodyBytes;

    @Column(nullable = false)
    int received;

    @Column(nullable = false)
    int twilio;

    @Column(nullable = false)
    int ignored;

    @Column(name = "received_at", nullable = false)
    Instant receivedAt;

    @Column(name = "submitted_by", nullable = false)
    String submittedBy;
}
