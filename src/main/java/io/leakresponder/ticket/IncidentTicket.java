package io.leakresponder.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The external ticket (Jira key or URL) that tracks an incident. */
@Entity
@Table(name = "incident_ticket")
class IncidentTicket {

    @Id
    @Column(name = "incident_id")
    UUID incidentId;

    @Column(nullable = false)
    String reference;

    String url;

    @Column(name = "set_at", nullable = false)
    Instant setAt;

    @Column(name = "set_by", nullable = false)
    String setBy;
}
