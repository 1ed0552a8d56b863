package io.leakresponder.audit;

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

/** After containment: review the keys and subaccounts created during the exposure, deleting or keeping each. */
@Path("/api/v1/incidents/{id}/suspects")
@RolesAllowed(Roles.RESPONDER_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Tag(name = "rotation")
class SuspectsResource {

    @Inject
    SuspectService suspects;

    @Inject
    SecurityIdentity identity;

    /** Body of a suspect decision. */
    public record Decision(String decision, String note) {
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    @POST
    @Path("/scan")
    @Operation(summary = "After containment: list API keys and subaccounts created during the exposure window")
    public List<SuspectView> scan(@PathParam("id") String id) {
        return suspects.scan(ProblemException.uuidField("id", id), actor());
    }

    @GET
    @RolesAllowed(Roles.VIEWER_ROLE)
    @Operation(summary = "Keys and subaccounts created during the exposure window, with decisions")
    public List<SuspectView> list(@PathParam("id") String id) {
        return suspects.list(ProblemException.uuidField("id", id));
    }

    @POST
    @Path("/{suspectId}/decision")
    @Operation(summary = "DELETE (API keys, deleted in Twilio now) or KEEP (with a note); audited")
    public SuspectView decide(@PathParam("id") String id, @PathParam("suspectId") String suspectId,
            Decision body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body with decision and note is required");
        }
        return suspects.decide(ProblemException.uuidField("id", id), ProblemException.uuidField("suspectId", suspectId),
                body.decision(), body.note(), actor());
    }
}
