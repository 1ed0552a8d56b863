package io.leakresponder.dashboard;

import io.leakresponder.notify.NotificationService;
import io.leakresponder.security.Roles;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Notifications on the dashboard: deliveries and dead letters (responders retry them) and channels (admins).
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
class NotificationPages {

    @Inject
    NotificationService notifications;

    @Inject
    UiContext ui;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notifications(List<NotificationService.DeliveryView> deliveries, String status,
                List<NotificationService.ChannelView> channels, String flash);

        static native TemplateInstance notifications$deliveries(List<NotificationService.DeliveryView> deliveries,
                String status, String flash);

        static native TemplateInstance notifications$channels(List<NotificationService.ChannelView> channels,
                String flash);
    }

    /** Shown per page; the API pages further. */
    static final int SHOWN = 200;

    @GET
    @Path("/notifications")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance page(@RestQuery String status) {
        String s = status == null || status.isBlank() ? "DEAD" : status.trim().toUpperCase(java.util.Locale.ROOT);
        String filter = s.equals("ALL") ? null : s;
        return Templates.notifications(notifications.deliveries(filter, null, SHOWN), s,
                ui.isAdmin() ? notifications.channels() : List.of(), "");
    }

    @POST
    @Path("/notifications/{id}/retry")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance retry(@RestPath UUID id) {
        var retried = notifications.retry(id, ui.actor());
        return Templates.notifications$deliveries(notifications.deliveries("DEAD", null, SHOWN), "DEAD",
                "Sending the " + retried.event() + " message to " + retried.channelName() + " again.");
    }

    @POST
    @Path("/notification-channels")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance createChannel(@RestForm String name, @RestForm String type, @RestForm String url,
            @RestForm String secret, @RestForm String routingKey, @RestForm String recipients,
            @RestForm String token, @RestForm String user, @RestForm String project, @RestForm String issueType,
            @RestForm List<String> events, @RestForm String minSeverity) {
        List<String> to = recipients == null
                ? null
                : Arrays.stream(recipients.split("[,;\\s]+"))
                        .filter(r -> !r.isBlank()).toList();
        var created = notifications.create(new NotificationService.ChannelRequest(Forms.blankToNull(name),
                Forms.blankToNull(type), true, events == null || events.isEmpty() ? null : events,
                Forms.blankToNull(minSeverity), Forms.blankToNull(url), Forms.blankToNull(secret),
                Forms.blankToNull(routingKey), to, Forms.blankToNull(token), Forms.blankToNull(user),
                Forms.blankToNull(project), Forms.blankToNull(issueType)), ui.actor());
        String flash = "Created " + created.name() + " (" + created.type() + ").";
        if (created.signingSecret() != null) {
            flash += " Its signing secret, shown only now: " + created.signingSecret();
        }
        return Templates.notifications$channels(notifications.channels(), flash);
    }

    @POST
    @Path("/notification-channels/{id}/delete")
    @RolesAllowed(Roles.ADMIN_ROLE)
    public TemplateInstance deleteChannel(@RestPath UUID id) {
        var channel = notifications.channel(id);
        notifications.delete(id, ui.actor());
        return Templates.notifications$channels(notifications.channels(), "Deleted " + channel.name() + ".");
    }
}
