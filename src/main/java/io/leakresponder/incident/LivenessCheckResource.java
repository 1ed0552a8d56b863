package io.leakresponder.incident;

import io.leakresponder.common.Problem;
import io.leakresponder.liveness.AdHocChecks;
import io.leakresponder.security.ApiTokenIdentityProvider;
import io.leakresponder.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * "Does this credential still work?" for a credential given by value. Nothing is stored unless asked; it lives here,
 * not in liveness, because track=true opens an incident through ingest.
 */
@Path("/api/v1/liveness")
@Tag(name = "liveness")
class LivenessCheckResource {

    @Inject
    TrackedChecks checks;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Check whether an Auth Token or API Key still works (read-only); stored only with track=true")
    public TrackedChecks.CheckResponse check(AdHocChecks.CheckRequest body) {
        return checks.check(body, identity.getPrincipal().getName(),
                identity.getAttribute(ApiTokenIdentityProvider.TOKEN_ID));
    }
}
