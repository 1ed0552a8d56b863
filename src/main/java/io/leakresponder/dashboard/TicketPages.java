package io.leakresponder.dashboard;

import io.leakresponder.security.Roles;
import io.leakresponder.ticket.TicketService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/** The ticket panel of an incident page: which external ticket tracks it, and a form to link one. */
@Path("/ui/incidents/{id}/ticket")
@Produces(MediaType.TEXT_HTML)
class TicketPages {

    @Inject
    TicketService tickets;

    @Inject
    UiContext ui;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ticket(UUID incidentId, TicketService.TicketView ticket, String flash);
    }

    @GET
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance ticket(@RestPath UUID id) {
        return Templates.ticket(id, tickets.find(id).orElse(null), "");
    }

    @POST
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance link(@RestPath UUID id, @RestForm String reference, @RestForm String url) {
        var linked = tickets.set(id, Forms.blankToNull(reference), Forms.blankToNull(url), ui.actor());
        return Templates.ticket(id, linked, "Linked " + linked.reference() + ".");
    }
}
