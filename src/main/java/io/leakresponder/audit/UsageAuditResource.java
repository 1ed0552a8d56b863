package io.leakresponder.audit;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.incident.IncidentWorkflow;
import io.leakresponder.security.Roles;
import io.leakresponder.usage.AuditReport;
import io.leakresponder.usage.UsageAuditService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The usage audit of an incident's compromised window: start or refresh the pull, read the report, export raw rows,
 * and mark it reviewed, which moves a remediated incident to AUDITED.
 */
@Path("/api/v1/incidents/{id}/usage-audit")
@RolesAllowed(Roles.VIEWER_ROLE)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "usage audit")
class UsageAuditResource {

    @Inject
    UsageAuditService audits;

    @Inject
    UsageAuditSteps steps;

    @Inject
    SecurityIdentity identity;

    /** Body of start/refresh. */
    public record Start(String windowStart, String reason, Boolean useLeakedCredential, Boolean includeSubaccounts) {
    }

    @POST
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Start or refresh the usage audit of the compromised window: [exposure start, confirmed "
            + "NOT_LIVE] (or now while live). windowStart widens the start (reason required). Runbook: usage-audit")
    public Response start(@PathParam("id") String id, Start body) {
        Start b = body == null ? new Start(null, null, null, null) : body;
        return Response.accepted(steps.start(ProblemException.uuidField("id", id), new UsageAuditSteps.StartOptions(
                b.windowStart(), b.reason(), b.useLeakedCredential(), b.includeSubaccounts()),
                identity.getPrincipal().getName())).build();
    }

    @GET
    @Operation(summary = "The audit: window, baseline, progress, counts, signals with links, verdict "
            + "(NO_SIGN_OF_MISUSE, SUSPICIOUS, INCOMPLETE) and retention gaps")
    public AuditReport report(@PathParam("id") String id) {
        return audits.report(ProblemException.uuidField("id", id));
    }

    @GET
    @Path("/summary.md")
    @Produces({"text/markdown", Problem.MEDIA_TYPE})
    @Operation(summary = "The audit as Markdown, for the post-incident record")
    public String summary(@PathParam("id") String id) {
        return steps.summary(ProblemException.uuidField("id", id));
    }

    @GET
    @Path("/export/{source}.csv")
    @Produces({"text/csv", Problem.MEDIA_TYPE})
    @Operation(summary = "Raw rows of one source (subaccounts, usage-records, messages, calls, monitor-events, monitor-alerts) as CSV; "
            + "query parameters filter (period, accountSid, country, prefix, direction, ...)")
    public Response export(@PathParam("id") String id, @PathParam("source") String source, @Context UriInfo uri) {
        Map<String, String> params = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> params.put(k, v.get(0)));
        UsageAuditSteps.CsvExport export = steps.csvExport(ProblemException.uuidField("id", id), source, params);
        StreamingOutput body = out -> steps.write(export, out);
        return Response.ok(body, "text/csv").header("Content-Disposition",
                "attachment; filename=\"" + export.filename() + "\"").build();
    }

    @POST
    @Path("/review")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Operation(summary = "Mark the audit reviewed; a REMEDIATED incident becomes AUDITED. Runbook: usage-audit")
    public IncidentWorkflow.StepResult review(@PathParam("id") String id) {
        return steps.review(ProblemException.uuidField("id", id), identity.getPrincipal().getName());
    }
}
