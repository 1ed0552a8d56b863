package io.leakresponder.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One append-only entry of an incident's history, chained by hash to the entry before it. */
@Entity
@Table(name = "incident_event")
class IncidentEvent {

    @Id
    UUID id;

    @Column(name = "incident_id", nullable = false)
    UUID incidentId;

    @Column(nullable = false)
    int seq;

    @Column(nullable = false)
    Instant at;

    @Column(nullable = false)
    String actor;

    @Column(nullable = false)
    String action;

    @Column(name = "state_before")
    String stateBefore;

    @Column(name = "state_after")
    String stateAfter;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    String details;

    @Column(name = "prev_hash", nullable = false)
    String prevHash;

    @Column(nullable = false)
    String hash;
}
