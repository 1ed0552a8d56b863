package io.leakresponder.jobs;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Background work, as responders see it: what is scheduled, running, retrying or failed. */
@Path("/api/v1/jobs")
@RolesAllowed(Roles.RESPONDER_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "jobs")
class JobsResource {

    @Inject
    JobEngine engine;

    @GET
    @Operation(summary = "List background jobs (liveness checks, re-check scans) with their state")
    public List<JobStatus> list(@QueryParam("task") String task, @QueryParam("state") String state,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        JobState parsed = null;
        if (state != null && !state.isBlank()) {
            try {
                parsed = JobState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("state", "state must be one of "
                        + Arrays.toString(JobState.values()));
            }
        }
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalidField("limit", "limit must be between 1 and 1000");
        }
        return engine.list(new JobFilter(task, parsed, limit));
    }
}
