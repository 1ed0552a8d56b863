package io.leakresponder.account;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Roles;
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

/** Admins register the admin credential of each Twilio account the service may rotate keys in or audit. */
@Path("/api/v1/accounts")
@RolesAllowed(Roles.ADMIN_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "accounts")
class AccountResource {

    @Inject
    AccountCredentialService accounts;

    @Inject
    SecurityIdentity identity;

    /** An Auth Token, or a Main API key, for one account. */
    public record Register(String accountSid, String authToken, String apiKeySid, String apiKeySecret, String label) {
        @Override
        public String toString() {
            return "Register[accountSid=" + accountSid + ", apiKeySid=" + apiKeySid + "]";
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an account's admin credential (Auth Token or Main API key); checked, then stored "
            + "encrypted; never shown again")
    public Response register(Register body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        return Response.status(201).entity(accounts.register(body.accountSid(), body.authToken(), body.apiKeySid(),
                body.apiKeySecret(), body.label(), identity.getPrincipal().getName())).build();
    }

    @GET
    @Operation(summary = "List registered admin credentials (hints only)")
    public List<AccountCredentialService.View> list() {
        return accounts.list();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove an account's admin credential")
    public Response delete(@PathParam("id") UUID id) {
        accounts.delete(id);
        return Response.noContent().build();
    }
}
