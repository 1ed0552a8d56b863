package io.leakresponder.notify;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Notification channels (admins) and deliveries with their dead letters (responders). No answer ever holds a
 * channel's URL, secret, routing key or token; a webhook's generated signing secret is shown once, on creation.
 */
@Path("/api/v1")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Tag(name = "notifications")
class NotificationResource {

    @Inject
    NotificationService notifications;

    @Inject
    SecurityIdentity identity;

    private String actor() {
        return identity.getPrincipal().getName();
    }

    @GET
    @Path("/notification-channels")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Operation(summary = "List notification channels (targets by host only)")
    public List<NotificationService.ChannelView> channels() {
        return notifications.channels();
    }

    @GET
    @Path("/notification-channels/{id}")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Operation(summary = "One notification channel")
    public NotificationService.ChannelView channel(@PathParam("id") String id) {
        return notifications.channel(ProblemException.uuidField("id", id));
    }

    @POST
    @Path("/notification-channels")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Operation(summary = "Create a channel: SLACK (url), WEBHOOK (url, secret), PAGERDUTY (routingKey), "
            + "EMAIL (recipients) or GITHUB (token); events and minSeverity choose what it hears")
    public Response create(NotificationService.ChannelRequest body) {
        return Response.status(201).entity(notifications.create(body, actor())).build();
    }

    @PUT
    @Path("/notification-channels/{id}")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Operation(summary = "Change a channel; settings left out are kept")
    public NotificationService.ChannelView update(@PathParam("id") String id,
            NotificationService.ChannelRequest body) {
        return notifications.update(ProblemException.uuidField("id", id), body, actor());
    }

    @DELETE
    @Path("/notification-channels/{id}")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Operation(summary = "Delete a channel and its delivery history")
    public Response delete(@PathParam("id") String id) {
        notifications.delete(ProblemException.uuidField("id", id), actor());
        return Response.noContent().build();
    }

    @GET
    @Path("/notifications")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Operation(summary = "Deliveries, newest first; status=DEAD lists the dead letters")
    public List<NotificationService.DeliveryView> deliveries(@QueryParam("status") String status,
            @QueryParam("incidentId") String incidentId, @QueryParam("limit") @DefaultValue("100") int limit) {
        return notifications.deliveries(status, incidentId == null || incidentId.isBlank()
                ? null
                : ProblemException.uuidField("incidentId", incidentId), limit);
    }

    @POST
    @Path("/notifications/{id}/retry")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Operation(summary = "Send a dead letter again, with the same idempotency key and a fresh retry budget")
    public NotificationService.DeliveryView retry(@PathParam("id") String id) {
        return notifications.retry(ProblemException.uuidField("id", id), actor());
    }
}
