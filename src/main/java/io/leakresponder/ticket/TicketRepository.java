package io.leakresponder.ticket;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Ticket links, one per incident. */
@ApplicationScoped
class TicketRepository implements PanacheRepositoryBase<IncidentTicket, UUID> {
}
