package io.leakresponder.incident;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.LivenessViews;
import io.leakresponder.liveness.Trigger;
import io.leakresponder.twilio.LivenessResult;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read access to incidents: list, detail, audit trail and its verification. */
@Path("/api/v1/incidents")
@RolesAllowed(Roles.VIEWER_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "incidents")
class IncidentResource {

    static final int MAX_PAGE_SIZE = 200;

    @Inject
    IncidentService incidents;

    @Inject
    LivenessService liveness;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(summary = "List incidents, newest first; filter by state and severity")
    public IncidentViews.Page<IncidentViews.Summary> list(@QueryParam("state") String state,
            @QueryParam("severity") String severity, @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("50") String size) {
        int p = integer("page", page, 0, Integer.MAX_VALUE);
        int s = integer("size", size, 1, MAX_PAGE_SIZE);
        return incidents.list(parse("state", state, IncidentState.class), parse("severity", severity, Severity.class),
                p, s);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One incident: credential (hint only), occurrences, exposure start, events")
    public IncidentViews.Detail get(@PathParam("id") String id) {
        return incidents.get(uuid(id));
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "The incident's append-only, hash-chained audit trail")
    public List<IncidentViews.Event> events(@PathParam("id") String id) {
        return incidents.events(uuid(id));
    }

    @GET
    @Path("/{id}/events/verify")
    @Operation(summary = "Recompute the audit trail's hash chain and report the first broken event")
    public IncidentViews.ChainVerification verify(@PathParam("id") String id) {
        return incidents.verifyChain(uuid(id));
    }

    @POST
    @Path("/{id}/liveness")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Operation(summary = "Check now whether the incident's credential still works (read-only) and record it")
    public LivenessResult checkLiveness(@PathParam("id") String id) {
        UUID credential = incidents.credentialOf(uuid(id));
        return liveness.checkNow(credential, Trigger.MANUAL, identity.getPrincipal().getName());
    }

    @GET
    @Path("/{id}/liveness")
    @Operation(summary = "Liveness status and check history of the incident's credential")
    public LivenessViews.Report livenessHistory(@PathParam("id") String id) {
        return liveness.report(incidents.credentialOf(uuid(id)), 200);
    }

    static UUID uuid(String id) {
        return ProblemException.uuidField("id", id);
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw ProblemException.invalidField(name, name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, name + " must be a whole number");
        }
    }

    private static <E extends Enum<E>> E parse(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(name, name + " must be one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
