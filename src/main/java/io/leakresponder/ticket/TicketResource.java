package io.leakresponder.ticket;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The external ticket linked to an incident. */
@Path("/api/v1/incidents/{id}/ticket")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Tag(name = "incident workflow")
class TicketResource {

    @Inject
    TicketService tickets;

    @Inject
    SecurityIdentity identity;

    /** Body of a ticket link: a Jira key (with its URL if wanted) or a URL. */
    public record TicketLink(String reference, String url) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER_ROLE)
    @Operation(summary = "The incident's ticket link (404 when none)")
    public TicketService.TicketView get(@PathParam("id") String id) {
        var incident = ProblemException.uuidField("id", id);
        return tickets.find(incident).orElseThrow(() -> ProblemException.notFound("ticket of incident", incident));
    }

    @PUT
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Operation(summary = "Link the incident to a ticket: reference = Jira key (SEC-123) or URL")
    public TicketService.TicketView set(@PathParam("id") String id, TicketLink body) {
        return tickets.set(ProblemException.uuidField("id", id), body == null ? null : body.reference(),
                body == null ? null : body.url(), identity.getPrincipal().getName());
    }

    @DELETE
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Operation(summary = "Remove the incident's ticket link")
    public Response clear(@PathParam("id") String id) {
        tickets.clear(ProblemException.uuidField("id", id), identity.getPrincipal().getName());
        return Response.noContent().build();
    }
}
