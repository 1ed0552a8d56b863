package io.leakresponder.incident;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The response workflow's actions. Each answers the new state, the incident's version and the runbook section
 * for the next step. Send {@code If-Match: <version>} to refuse the action if someone else changed the incident.
 */
@Path("/api/v1/incidents/{id}")
@RolesAllowed(Roles.RESPONDER_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Tag(name = "incident workflow")
class IncidentWorkflowResource {

    @Inject
    IncidentWorkflow workflow;

    @Inject
    SecurityIdentity identity;

    /** Body of acknowledge. */
    public record Acknowledge(String assignee) {
    }

    /** Body of close. */
    public record Close(String resolution, String reason) {
    }

    /** Body of a new consumer. */
    public record NewConsumer(String name, String kind, String owner) {
    }

    /** Body of replaced / waived. */
    public record Resolve(String note, String reason) {
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("\"", "").replace("W/", "").trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("If-Match", "If-Match must be the incident's version number");
        }
    }

    @POST
    @Path("/acknowledge")
    @Operation(summary = "Take the incident (OPEN → ACKNOWLEDGED); seeds the consumer ledger with suggestions. "
            + "Runbook: Immediate actions")
    public IncidentWorkflow.StepResult acknowledge(@PathParam("id") String id, Acknowledge body,
            @Parameter(description = "the incident version you acted on") @HeaderParam("If-Match") String ifMatch) {
        return workflow.acknowledge(IncidentResource.uuid(id), body == null ? null : body.assignee(), actor(),
                version(ifMatch));
    }

    @POST
    @Path("/contain")
    @Operation(summary = "Confirm containment after rotating or revoking the credential (e.g. in the Twilio "
            + "Console): runs a liveness check now and moves to CONTAINED only on NOT_LIVE. Runbook: Verify")
    public IncidentWorkflow.StepResult contain(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return workflow.confirmContainment(IncidentResource.uuid(id), actor(), version(ifMatch));
    }

    @GET
    @Path("/consumers")
    @RolesAllowed(Roles.VIEWER_ROLE)
    @Operation(summary = "The consumer ledger: where the leaked credential is used. Runbook: Replace")
    public List<IncidentWorkflow.ConsumerView> consumers(@PathParam("id") String id) {
        return workflow.consumers(IncidentResource.uuid(id));
    }

    @POST
    @Path("/consumers")
    @Operation(summary = "Add a consumer (SERVICE, CI_SECRET, VAULT_PATH, WEBHOOK_VALIDATOR, OTHER)")
    public Response addConsumer(@PathParam("id") String id, NewConsumer body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body with name, kind and owner is required");
        }
        return Response.status(201).entity(workflow.addConsumer(IncidentResource.uuid(id), body.name(), body.kind(),
                body.owner(), actor())).build();
    }

    @POST
    @Path("/consumers/{consumerId}/replaced")
    @Operation(summary = "Mark a consumer REPLACED (it uses the new credential now)")
    public IncidentWorkflow.ConsumerView replaced(@PathParam("id") String id,
            @PathParam("consumerId") String consumerId, Resolve body) {
        return workflow.resolveConsumer(IncidentResource.uuid(id), ProblemException.uuidField("consumerId", consumerId),
                true,
                body == null ? null : body.note(), actor());
    }

    @POST
    @Path("/consumers/{consumerId}/waived")
    @Operation(summary = "Mark a consumer WAIVED, with a reason")
    public IncidentWorkflow.ConsumerView waived(@PathParam("id") String id,
            @PathParam("consumerId") String consumerId, Resolve body) {
        return workflow.resolveConsumer(IncidentResource.uuid(id), ProblemException.uuidField("consumerId", consumerId),
                false,
                body == null ? null : body.reason(), actor());
    }

    @POST
    @Path("/remediate")
    @Operation(summary = "CONTAINED → REMEDIATED once no consumer is PENDING. Runbook: Replace")
    public IncidentWorkflow.StepResult remediate(@PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch) {
        return workflow.remediate(IncidentResource.uuid(id), actor(), version(ifMatch));
    }

    @POST
    @Path("/close")
    @Operation(summary = "Close: REVOKED (from AUDITED), or early with FALSE_POSITIVE, TEST_CREDENTIAL, NEVER_LIVE "
            + "(only if every check said NOT_LIVE) or ACCEPTED_RISK (admin only), with a reason. Destroys the stored "
            + "secret. Runbook: Close")
    public IncidentWorkflow.StepResult close(@PathParam("id") String id, Close body,
            @HeaderParam("If-Match") String ifMatch) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body with resolution and reason is required");
        }
        return workflow.close(IncidentResource.uuid(id), body.resolution(), body.reason(),
                identity.hasRole(Roles.ADMIN_ROLE), actor(), version(ifMatch));
    }
}
