package io.leakresponder.dashboard;

import io.leakresponder.audit.SuspectService;
import io.leakresponder.audit.SuspectView;
import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialKind;
import io.leakresponder.credential.OccurrenceView;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentViews;
import io.leakresponder.incident.IncidentWorkflow;
import io.leakresponder.rotation.RotationService;
import io.leakresponder.rotation.RotationViews;
import io.leakresponder.security.Roles;
import io.leakresponder.usage.AuditReport;
import io.leakresponder.usage.UsageAuditService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The guided response of one incident, one step at a time: acknowledge, rotate (the saga, polled while it runs),
 * replace consumers, confirm containment, audit usage, close. Each step shows its runbook section. Every action
 * answers the workflow fragment (htmx) or the whole page (a plain form post).
 */
@Path("/ui/incidents/{id}/rotation")
@Produces(MediaType.TEXT_HTML)
class RotationPages {

    @Inject
    IncidentService incidents;

    @Inject
    IncidentWorkflow workflow;

    @Inject
    RotationService rotations;

    @Inject
    UsageAuditService audits;

    @Inject
    Runbooks runbooks;

    @Inject
    SuspectService suspects;

    @Inject
    UiContext ui;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rotation(RotationPage page);

        static native TemplateInstance rotation$workflow(RotationPage page);

        static native TemplateInstance rotation$saga(RotationPage page);
    }

    @GET
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance page(@RestPath UUID id, @RestQuery String step) {
        return Templates.rotation(build(id, RunbookStep.parse(step), null, null));
    }

    /** The saga's progress, polled every 2 s while a step runs or confirmation is pending. */
    @GET
    @Path("/saga")
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance saga(@RestPath UUID id) {
        return Templates.rotation$saga(build(id, RunbookStep.ROTATE, null, null));
    }

    @POST
    @Path("/acknowledge")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance acknowledge(@RestPath UUID id, @RestForm String assignee, @RestForm String version,
            @HeaderParam("HX-Request") String htmx) {
        IncidentWorkflow.StepResult r = workflow.acknowledge(id, assignee, ui.actor(), version(version));
        return answer(htmx, build(id, null, null, "Acknowledged: " + r.detail() + "."));
    }

    @POST
    @Path("/start")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance start(@RestPath UUID id, @RestForm String mode, @RestForm String useAdminCredential,
            @RestForm String deleteOldKeyNow, @HeaderParam("HX-Request") String htmx) {
        RotationViews.Rotation r = rotations.start(id, new RotationService.StartRequest(mode,
                Forms.checked("useAdminCredential", useAdminCredential), false,
                Forms.checked("deleteOldKeyNow", deleteOldKeyNow)), ui.actor());
        return answer(htmx, build(id, null, r, r.message()));
    }

    @POST
    @Path("/promote")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance promote(@RestPath UUID id, @HeaderParam("HX-Request") String htmx) {
        RotationViews.Rotation r = rotations.promote(id, false, ui.actor());
        return answer(htmx, build(id, null, r, r.message()));
    }

    @POST
    @Path("/delete-old-key")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance deleteOldKey(@RestPath UUID id, @HeaderParam("HX-Request") String htmx) {
        RotationViews.Rotation r = rotations.deleteOldKey(id, ui.actor());
        return answer(htmx, build(id, null, r, r.message()));
    }

    @POST
    @Path("/resume")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance resume(@RestPath UUID id, @HeaderParam("HX-Request") String htmx) {
        RotationViews.Rotation r = rotations.resume(id, false, ui.actor());
        return answer(htmx, build(id, null, r, r.message()));
    }

    @POST
    @Path("/abandon")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance abandon(@RestPath UUID id, @RestForm String reason,
            @HeaderParam("HX-Request") String htmx) {
        RotationViews.Rotation r = rotations.abandon(id, reason, ui.actor());
        return answer(htmx, build(id, null, r, "Rotation " + r.message() + ": finish by hand or start again."));
    }

    /** The responder stored the secret shown once; the page never shows it again (it never could). */
    @POST
    @Path("/secret-stored")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance secretStored(@RestPath UUID id, @RestForm String step,
            @HeaderParam("HX-Request") String htmx) {
        rotations.secretStored(id, ui.actor());
        return answer(htmx, build(id, RunbookStep.parse(step), null,
                "Recorded that you stored the new secret. It is not shown again."));
    }

    @POST
    @Path("/consumers")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance addConsumer(@RestPath UUID id, @RestForm String name, @RestForm String kind,
            @RestForm String owner, @HeaderParam("HX-Request") String htmx) {
        IncidentWorkflow.ConsumerView c = workflow.addConsumer(id, name, kind,
                owner == null || owner.isBlank() ? null : owner.trim(), ui.actor());
        return answer(htmx, build(id, RunbookStep.REPLACE, null, "Added consumer " + c.name() + "."));
    }

    @POST
    @Path("/consumers/{consumerId}/replaced")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance replaced(@RestPath UUID id, @RestPath UUID consumerId, @RestForm String note,
            @HeaderParam("HX-Request") String htmx) {
        IncidentWorkflow.ConsumerView c = workflow.resolveConsumer(id, consumerId, true, Forms.blankToNull(note),
                ui.actor());
        return answer(htmx, build(id, RunbookStep.REPLACE, null, c.name() + " is REPLACED."));
    }

    @POST
    @Path("/consumers/{consumerId}/waived")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance waived(@RestPath UUID id, @RestPath UUID consumerId, @RestForm String reason,
            @HeaderParam("HX-Request") String htmx) {
        IncidentWorkflow.ConsumerView c = workflow.resolveConsumer(id, consumerId, false, Forms.blankToNull(reason),
                ui.actor());
        return answer(htmx, build(id, RunbookStep.REPLACE, null, c.name() + " is WAIVED."));
    }

    @POST
    @Path("/remediate")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance remediate(@RestPath UUID id, @RestForm String version,
            @HeaderParam("HX-Request") String htmx) {
        IncidentWorkflow.StepResult r = workflow.remediate(id, ui.actor(), version(version));
        return answer(htmx, build(id, null, null, "Remediated: " + r.detail() + "."));
    }

    /** Runs a liveness check of the leaked credential now; only NOT_LIVE contains (else the verdict is the error). */
    @POST
    @Path("/contain")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance contain(@RestPath UUID id, @HeaderParam("HX-Request") String htmx) {
        // No expected version: the check itself records its verdict on the incident before containment is decided.
        IncidentWorkflow.StepResult r = workflow.confirmContainment(id, ui.actor(), null);
        return answer(htmx, build(id, RunbookStep.CONTAIN, null, "Contained: the check " + r.detail() + "."));
    }

    @POST
    @Path("/close")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance close(@RestPath UUID id, @RestForm String resolution, @RestForm String reason,
            @RestForm String version, @HeaderParam("HX-Request") String htmx) {
        IncidentWorkflow.StepResult r = workflow.close(id, resolution, Forms.blankToNull(reason), ui.isAdmin(),
                ui.actor(), version(version));
        return answer(htmx, build(id, RunbookStep.CLOSE, null, "Closed: " + r.detail() + "."));
    }

    /**
     * Lists, from Twilio, the API keys and subaccounts created since the exposure began (with the account's
     * registered admin credential), as {@code POST /api/v1/incidents/{id}/suspects/scan} does.
     */
    @POST
    @Path("/suspects/scan")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance scanSuspects(@RestPath UUID id, @HeaderParam("HX-Request") String htmx) {
        List<SuspectView> found = suspects.scan(id, ui.actor());
        return answer(htmx, build(id, RunbookStep.AUDIT, null, "Scanned Twilio: " + found.size()
                + " API key(s) and subaccount(s) created since the exposure began."));
    }

    /** DELETE (an API key, deleted in Twilio now) or KEEP (with a note) one suspect; recorded on the incident. */
    @POST
    @Path("/suspects/{suspectId}/decision")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance decideSuspect(@RestPath UUID id, @RestPath String suspectId, @RestForm String decision,
            @RestForm String note, @HeaderParam("HX-Request") String htmx) {
        SuspectView decided = suspects.decide(id, ProblemException.uuidField("suspectId", suspectId),
                decision, Forms.blankToNull(note), ui.actor());
        return answer(htmx, build(id, RunbookStep.AUDIT, null, decided.sid() + ": " + decided.decision() + "."));
    }

    // ---- building the page ---------------------------------------------------------------------------------

    private static TemplateInstance answer(String htmx, RotationPage page) {
        return htmx != null ? Templates.rotation$workflow(page) : Templates.rotation(page);
    }

    /**
     * @param minted the rotation as the action that changed it answered: its one-time secret, if any, is shown
     */
    private RotationPage build(UUID id, RunbookStep asked, RotationViews.Rotation minted, String message) {
        IncidentViews.Detail incident = incidents.get(id);
        RotationViews.Rotation rotation = rotations.latest(id).orElse(null);
        String status = rotation == null ? null : rotation.status();
        RunbookStep current = RotationPage.current(incident.state(), status);
        RunbookStep viewing = asked != null ? asked : current != null ? current : RunbookStep.CLOSE;
        CredentialKind kind = incident.credential().kind();
        Runbooks.Runbook runbook = runbooks.forKind(kind);
        // Running: a Twilio call is in flight, or the confirmation job will check (a MANUAL rotation waits for a
        // person to confirm, so it is not polled).
        boolean running = rotation != null && ("AWAITING_CONFIRMATION".equals(status) && rotation.confirmAfter() != null
                || rotation.steps().stream().anyMatch(s -> "STARTED".equals(s.status())));
        List<IncidentWorkflow.ConsumerView> consumers = workflow.consumers(id);
        String secret = minted == null ? null : minted.newSecret();
        return new RotationPage(id, incident.title(), incident.state().name(), incident.version(),
                incident.assignee(), kind.name(), kind == CredentialKind.API_KEY, incident.credential().hint(),
                RotationPage.bar(incident, status, viewing), viewing,
                runbook.html(viewing, "/ui/incidents/" + id + "/rotation"), runbook.file(), rotation,
                running, locations(incident.occurrences()), consumers,
                consumers.stream().filter(c -> "PENDING".equals(c.status())).count(), incident.liveness(),
                // The audit's report and the suspects are read only where they are shown, not on every poll.
                viewing == RunbookStep.AUDIT ? auditState(id) : null,
                viewing == RunbookStep.AUDIT ? suspects.list(id) : null, secret,
                secret == null ? null : secretLabel(minted), message);
    }

    private static String secretLabel(RotationViews.Rotation r) {
        if ("API_KEY".equals(r.mode())) {
            return "Secret of the new API key " + r.newKeySid();
        }
        return "AWAITING_PROMOTE".equals(r.status())
                ? "New secondary Auth Token (promote it once consumers use it)"
                : "New primary Auth Token";
    }

    private static List<String> locations(List<OccurrenceView> occurrences) {
        Set<String> names = new LinkedHashSet<>();
        for (OccurrenceView o : occurrences) {
            if (o.repository() != null || o.file() != null) {
                names.add((o.repository() == null ? "" : o.repository() + ":") + (o.file() == null ? "" : o.file()));
            }
        }
        return List.copyOf(names);
    }

    private RotationPage.AuditState auditState(UUID id) {
        if (!audits.exists(id)) {
            return new RotationPage.AuditState(false, null, null, null);
        }
        AuditReport report = audits.report(id);
        return new RotationPage.AuditState(true, report.verdict().name(), report.verdictReason(),
                report.review() == null ? null : report.review().by());
    }

    private static Long version(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(version.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("version", "version must be the incident's version number");
        }
    }
}
