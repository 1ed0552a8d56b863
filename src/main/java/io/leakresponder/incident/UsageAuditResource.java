package io.leakresponder.incident;

import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialKind;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.LivenessViews;
import io.leakresponder.security.Roles;
import io.leakresponder.twilio.Verdict;
import io.leakresponder.usage.AuditReport;
import io.leakresponder.usage.UsageAuditRequest;
import io.leakresponder.usage.UsageAuditService;
import io.leakresponder.usage.UsageExportFilter;
import io.leakresponder.usage.UsageSource;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
    IncidentService incidents;

    @Inject
    IncidentWorkflow workflow;

    @Inject
    CredentialService credentials;

    @Inject
    LivenessService liveness;

    @Inject
    UsageAuditChoice.Repository choices;

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
        UUID incidentId = IncidentResource.uuid(id);
        Start b = body == null ? new Start(null, null, null, null) : body;
        String actor = identity.getPrincipal().getName();
        UUID credentialId = incidents.credentialOf(incidentId);
        CredentialView credential = credentials.view(credentialId).orElseThrow();
        if (credential.accountSid() == null) {
            throw ProblemException.conflict("account-unknown", "the credential's Account SID is unknown: the "
                    + "audit needs the account to pull from");
        }
        Instant start = credential.exposureStart();
        String reason = null;
        if (b.windowStart() != null) {
            Instant widened;
            try {
                widened = Instant.parse(b.windowStart());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField("windowStart", "windowStart must be an ISO-8601 instant");
            }
            if (!widened.isBefore(start)) {
                throw ProblemException.invalidField("windowStart", "windowStart may only widen the window: it must "
                        + "be before the exposure start " + start);
            }
            if (b.reason() == null || b.reason().isBlank()) {
                throw ProblemException.invalidField("reason", "widening the window needs a reason");
            }
            start = widened;
            reason = b.reason().trim();
        }
        Instant end = windowEnd(liveness.status(credentialId).orElse(null));
        boolean subaccounts = b.includeSubaccounts() != null ? b.includeSubaccounts()
                : credential.kind() == CredentialKind.AUTH_TOKEN;
        recordChoice(incidentId, Boolean.TRUE.equals(b.useLeakedCredential()), actor);
        UUID auditId;
        try {
            auditId = audits.start(new UsageAuditRequest(incidentId, credential.accountSid(), start, end, reason, null,
                    subaccounts, actor));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("the audit window is not valid: " + e.getMessage());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("audit", auditId.toString());
        details.put("windowStart", start.toString());
        details.put("windowEnd", end == null ? "open" : end.toString());
        if (reason != null) {
            details.put("widenedBecause", reason);
        }
        details.put("includeSubaccounts", subaccounts);
        details.put("leakedCredentialAllowed", Boolean.TRUE.equals(b.useLeakedCredential()));
        incidents.recordEvent(incidentId, actor, "usage_audit_started", details);
        return Response.accepted(audits.report(incidentId)).build();
    }

    /** The window ends when the credential was confirmed NOT_LIVE; it is open while it may still work. */
    static Instant windowEnd(LivenessViews.Status status) {
        if (status == null) {
            return null;
        }
        if (status.stoppedWorkingAt() != null) {
            return status.stoppedWorkingAt();
        }
        return status.lastVerdict() == Verdict.NOT_LIVE ? status.notLiveSince() : null;
    }

    @Transactional
    void recordChoice(UUID incidentId, boolean allowLeaked, String actor) {
        UsageAuditChoice c = choices.findByIdOptional(incidentId).orElse(null);
        boolean fresh = c == null;
        if (fresh) {
            c = new UsageAuditChoice();
            c.incidentId = incidentId;
        }
        c.allowLeaked = allowLeaked;
        c.chosenBy = actor;
        c.chosenAt = Instant.now();
        if (fresh) {
            choices.persist(c);
        }
    }

    @GET
    @Operation(summary = "The audit: window, baseline, progress, counts, signals with links, verdict "
            + "(NO_SIGN_OF_MISUSE, SUSPICIOUS, INCOMPLETE) and retention gaps")
    public AuditReport report(@PathParam("id") String id) {
        return audits.report(IncidentResource.uuid(id));
    }

    @GET
    @Path("/summary.md")
    @Produces({"text/markdown", Problem.MEDIA_TYPE})
    @Operation(summary = "The audit as Markdown, for the post-incident record")
    public String summary(@PathParam("id") String id) {
        return audits.markdownSummary(IncidentResource.uuid(id));
    }

    @GET
    @Path("/export/{source}.csv")
    @Produces({"text/csv", Problem.MEDIA_TYPE})
    @Operation(summary = "Raw rows of one source (subaccounts, usage-records, messages, calls, monitor-events, monitor-alerts) as CSV; "
            + "query parameters filter (period, accountSid, country, prefix, direction, ...)")
    public Response export(@PathParam("id") String id, @PathParam("source") String source, @Context UriInfo uri) {
        UUID incidentId = IncidentResource.uuid(id);
        UsageSource s;
        try {
            s = UsageSource.of(source);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("source", e.getMessage());
        }
        Map<String, String> params = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> params.put(k, v.get(0)));
        UsageExportFilter filter;
        try {
            filter = UsageExportFilter.of(params);
            filter.requireApplicableTo(s);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        audits.report(incidentId); // 404 before the first byte when there is no audit
        StreamingOutput body = out -> audits.exportCsv(incidentId, s, filter, out);
        return Response.ok(body, "text/csv").header("Content-Disposition",
                "attachment; filename=\"usage-" + s.slug() + "-" + incidentId + ".csv\"").build();
    }

    @POST
    @Path("/review")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Operation(summary = "Mark the audit reviewed; a REMEDIATED incident becomes AUDITED. Runbook: usage-audit")
    public IncidentWorkflow.StepResult review(@PathParam("id") String id) {
        UUID incidentId = IncidentResource.uuid(id);
        String actor = identity.getPrincipal().getName();
        if (incidents.stateOf(incidentId) != IncidentState.REMEDIATED) {
            throw new IllegalTransitionException(incidents.stateOf(incidentId), "mark audited",
                    "the incident must be REMEDIATED (every consumer replaced or waived) first");
        }
        UsageAuditService.ReviewResult reviewed = audits.markReviewed(incidentId, actor);
        if (!reviewed.reviewed()) {
            throw ProblemException.conflict("audit-not-reviewable", reviewed.reason());
        }
        AuditReport report = audits.report(incidentId);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("verdict", String.valueOf(report.verdict()));
        return workflow.markAudited(incidentId, actor, evidence);
    }
}
