package io.leakresponder.rotation;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The guided rotation: start (ZERO_DOWNTIME, IMMEDIATE, MANUAL for Auth Tokens; API_KEY for keys), promote,
 * delete the leaked key, resume a step in doubt, abandon. A new secret appears only in the answer of the call that
 * created it. Reviewing keys and subaccounts created during the exposure is the audit's (audit/SuspectsResource).
 */
@Path("/api/v1/incidents/{id}")
@RolesAllowed(Roles.RESPONDER_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Tag(name = "rotation")
class RotationResource {

    @Inject
    RotationService rotations;

    @Inject
    SecurityIdentity identity;

    /** Body of start. */
    public record Start(String mode, Boolean useAdminCredential, Boolean keepNewSecret, Boolean deleteOldKeyNow) {
    }

    /** Body of promote and resume. */
    public record Keep(Boolean keepNewSecret) {
    }

    /** Body of abandon. */
    public record Reason(String reason) {
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    @POST
    @Path("/rotation")
    @Operation(summary = "Start rotating the leaked credential. Auth Token: mode ZERO_DOWNTIME (secondary token, "
            + "then promote), IMMEDIATE (default: secondary and promote at once) or MANUAL (rotate in the Console, "
            + "then confirm). API key: create a replacement key, delete the leaked one now or later. Runbook: Rotate")
    public RotationViews.Rotation start(@PathParam("id") String id, Start body) {
        Start b = body == null ? new Start(null, null, null, null) : body;
        return rotations.start(ProblemException.uuidField("id", id), new RotationService.StartRequest(b.mode(),
                Boolean.TRUE.equals(b.useAdminCredential()), Boolean.TRUE.equals(b.keepNewSecret()),
                Boolean.TRUE.equals(b.deleteOldKeyNow())), actor());
    }

    @GET
    @Path("/rotation")
    @RolesAllowed(Roles.VIEWER_ROLE)
    @Operation(summary = "The incident's latest rotation with every recorded step (never a secret)")
    public RotationViews.Rotation current(@PathParam("id") String id) {
        return rotations.current(ProblemException.uuidField("id", id));
    }

    @POST
    @Path("/rotation/promote")
    @Operation(summary = "Zero-downtime rotation: promote the secondary token once consumers use it. Runbook: "
            + "Zero-downtime rotation")
    public RotationViews.Rotation promote(@PathParam("id") String id, Keep body) {
        return rotations.promote(ProblemException.uuidField("id", id),
                body != null && Boolean.TRUE.equals(body.keepNewSecret()), actor());
    }

    @POST
    @Path("/rotation/delete-old-key")
    @Operation(summary = "API key rotation: delete the leaked key after its consumers were replaced")
    public RotationViews.Rotation deleteOldKey(@PathParam("id") String id) {
        return rotations.deleteOldKey(ProblemException.uuidField("id", id), actor());
    }

    @POST
    @Path("/rotation/resume")
    @Operation(summary = "Reconcile a step whose outcome is unknown (crash, timeout, 5xx) without repeating a step "
            + "that took effect")
    public RotationViews.Rotation resume(@PathParam("id") String id, Keep body) {
        return rotations.resume(ProblemException.uuidField("id", id),
                body != null && Boolean.TRUE.equals(body.keepNewSecret()), actor());
    }

    @POST
    @Path("/rotation/abandon")
    @Operation(summary = "Give up on the rotation in progress (finish by hand); recorded on the incident")
    public RotationViews.Rotation abandon(@PathParam("id") String id, Reason body) {
        return rotations.abandon(ProblemException.uuidField("id", id), body == null ? null : body.reason(), actor());
    }
}
