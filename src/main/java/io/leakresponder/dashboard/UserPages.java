package io.leakresponder.dashboard;

import io.leakresponder.security.Roles;
import io.leakresponder.security.UserService;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/** Admins manage who may sign in; everyone may change their own password. */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
class UserPages {

    @Inject
    UserService users;

    @Inject
    UiContext ui;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(List<UserService.UserView> users, String flash);

        static native TemplateInstance users$rows(List<UserService.UserView> users, String flash);

        static native TemplateInstance account(String flash);
    }

    @GET
    @Path("/users")
    @RolesAllowed(Roles.ADMIN_ROLE)
    public TemplateInstance list() {
        return Templates.users(users.list(), "");
    }

    @POST
    @Path("/users")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance create(@RestForm String username, @RestForm String password, @RestForm String role) {
        UserService.UserView created = users.create(username, password, role, ui.actor());
        return Templates.users$rows(users.list(), "Created " + created.username() + " (" + created.role() + ").");
    }

    @POST
    @Path("/users/{id}/role")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance changeRole(@RestPath UUID id, @RestForm String role) {
        UserService.UserView changed = users.changeRole(id, role, ui.actor());
        return Templates.users$rows(users.list(), changed.username() + " is now " + changed.role() + ".");
    }

    @POST
    @Path("/users/{id}/disable")
    @RolesAllowed(Roles.ADMIN_ROLE)
    public TemplateInstance disable(@RestPath UUID id) {
        UserService.UserView changed = users.disable(id, ui.actor());
        return Templates.users$rows(users.list(), changed.username() + " is disabled; their sessions ended.");
    }

    @POST
    @Path("/users/{id}/enable")
    @RolesAllowed(Roles.ADMIN_ROLE)
    public TemplateInstance enable(@RestPath UUID id) {
        UserService.UserView changed = users.enable(id, ui.actor());
        return Templates.users$rows(users.list(), changed.username() + " is enabled.");
    }

    @POST
    @Path("/users/{id}/password")
    @RolesAllowed(Roles.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance resetPassword(@RestPath UUID id, @RestForm String password) {
        UserService.UserView changed = users.resetPassword(id, password, ui.actor());
        return Templates.users$rows(users.list(),
                "Password of " + changed.username() + " reset; their sessions ended.");
    }

    @GET
    @Path("/account")
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance account() {
        return Templates.account("");
    }

    @POST
    @Path("/account/password")
    @RolesAllowed(Roles.VIEWER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@RestForm String current, @RestForm String password) {
        users.changeOwnPassword(ui.session().orElseThrow().userId(), current, password);
        // Every session of the user ended, this one too: sign in again with the new password.
        return Response.seeOther(URI.create("/ui/login")).build();
    }
}
