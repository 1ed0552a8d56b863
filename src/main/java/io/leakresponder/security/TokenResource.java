package io.leakresponder.security;

import io.leakresponder.common.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins issue and revoke named API tokens. */
@Path("/api/v1/tokens")
@RolesAllowed(Roles.ADMIN_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "tokens")
class TokenResource {

    @Inject
    ApiTokenService tokens;

    @Inject
    SecurityIdentity identity;

    /** Body of a token request. */
    record NewToken(String name, String role) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a named API token with one role; the token is shown only in this response")
    public Response create(NewToken body) {
        if (body == null) {
            throw io.leakresponder.common.ProblemException.badRequest("a JSON body with name and role is required");
        }
        ApiTokenService.IssuedToken issued = tokens.issue(body.name(), body.role(), identity.getPrincipal().getName());
        return Response.status(201).entity(issued).build();
    }

    @GET
    @Operation(summary = "List API tokens (never their values)")
    public List<ApiTokenService.TokenView> list() {
        return tokens.list();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API token")
    public Response revoke(@PathParam("id") UUID id) {
        tokens.revoke(id, identity.getPrincipal().getName());
        return Response.noContent().build();
    }
}
