package io.leakresponder.dashboard;

import io.leakresponder.audit.UsageAuditSteps;
import io.leakresponder.common.ProblemException;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentViews;
import io.leakresponder.security.Roles;
import io.leakresponder.usage.AuditReport;
import io.leakresponder.usage.UsageAuditService;
import io.leakresponder.usage.UsageSource;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The usage audit of an incident: where the pulls stand, the verdict and its signals, spend and destination charts,
 * exports, and the responder's review. Works without JavaScript; htmx polls the progress while pulls run.
 */
@Path("/ui/incidents/{id}/usage")
@Produces(MediaType.TEXT_HTML)
class UsagePages {

    @Inject
    IncidentService incidents;

    @Inject
    UsageAuditService audits;

    @Inject
    UsageAuditSteps steps;

    @Inject
    UiContext ui;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance usage(UsageView view);

        static native TemplateInstance usage$audit(UsageView view);
    }

    @GET
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance page(@RestPath String id) {
        return Templates.usage(view(ProblemException.uuidField("id", id), ""));
    }

    /** The audit section alone, for htmx polling: it stops polling once every pull has finished. */
    @GET
    @Path("/progress")
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance progress(@RestPath String id) {
        return Templates.usage$audit(view(ProblemException.uuidField("id", id), ""));
    }

    @POST
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@RestPath String id, @RestForm String windowStart, @RestForm String reason,
            @RestForm String useLeakedCredential, @RestForm String includeSubaccounts, @Context HttpHeaders headers) {
        UUID incidentId = ProblemException.uuidField("id", id);
        UsageAuditSteps.StartOptions options = new UsageAuditSteps.StartOptions(Forms.blankToNull(windowStart),
                Forms.blankToNull(reason), Forms.flag("useLeakedCredential", useLeakedCredential, false),
                Forms.flag("includeSubaccounts", includeSubaccounts, true));
        steps.start(incidentId, options, ui.actor());
        return answer(incidentId, headers, "Usage audit started: the pulls run in the background.");
    }

    @POST
    @Path("/review")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public Response review(@RestPath String id, @Context HttpHeaders headers) {
        UUID incidentId = ProblemException.uuidField("id", id);
        var result = steps.review(incidentId, ui.actor());
        return answer(incidentId, headers, "Usage reviewed: the incident is " + result.state() + ".");
    }

    @GET
    @Path("/export/{source}.csv")
    @Produces({"text/csv", MediaType.TEXT_HTML})
    @RolesAllowed(Roles.VIEWER_ROLE)
    public Response export(@RestPath String id, @RestPath String source, @Context UriInfo uri) {
        Map<String, String> params = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> params.put(k, v.get(0)));
        UsageAuditSteps.CsvExport export = steps.csvExport(ProblemException.uuidField("id", id), source, params);
        StreamingOutput body = out -> steps.write(export, out);
        return Response.ok(body, "text/csv; charset=UTF-8").header("Content-Disposition",
                "attachment; filename=\"" + export.filename() + "\"").build();
    }

    @GET
    @Path("/summary.md")
    @Produces({"text/markdown", MediaType.TEXT_HTML})
    @RolesAllowed(Roles.VIEWER_ROLE)
    public Response summary(@RestPath String id) {
        UUID incidentId = ProblemException.uuidField("id", id);
        return Response.ok(steps.summary(incidentId), "text/markdown; charset=UTF-8").header("Content-Disposition",
                "attachment; filename=\"usage-summary-" + incidentId + ".md\"").build();
    }

    /** htmx gets the audit section with the message; a plain form post goes back to the page. */
    private Response answer(UUID incidentId, HttpHeaders headers, String flash) {
        if (headers.getHeaderString("HX-Request") != null) {
            return Response.ok(Templates.usage$audit(view(incidentId, flash))).build();
        }
        return Response.seeOther(URI.create("/ui/incidents/" + incidentId + "/usage")).build();
    }

    private UsageView view(UUID incidentId, String flash) {
        IncidentViews.Detail incident = incidents.get(incidentId);
        if (!audits.exists(incidentId)) {
            return UsageView.notStarted(incident, flash);
        }
        AuditReport report = audits.report(incidentId);
        return UsageView.of(incident, report, UsageCharts.dailySpend(audits.dailySpend(incidentId)),
                UsageCharts.countries(audits.destinationCountries(incidentId, UsageSource.MESSAGES), "messages"),
                flash);
    }
}
