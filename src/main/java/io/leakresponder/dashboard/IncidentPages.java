package io.leakresponder.dashboard;

import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.credential.OccurrenceView;
import io.leakresponder.incident.IncidentQueries;
import io.leakresponder.incident.IncidentSearch;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentViews;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.LivenessViews;
import io.leakresponder.liveness.Trigger;
import io.leakresponder.security.Roles;
import io.leakresponder.twilio.LivenessResult;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The incident list with its filters, and one incident: credential by hint, liveness with its history, where it
 * leaked, the exposure window and the audit trail. Responders can check liveness from the page.
 */
@Path("/ui/incidents")
@Produces(MediaType.TEXT_HTML)
class IncidentPages {

    static final int CHECKS_SHOWN = 50;

    @Inject
    IncidentQueries queries;

    @Inject
    IncidentService incidents;

    @Inject
    LivenessService liveness;

    @Inject
    CredentialService credentials;

    @Inject
    UiContext ui;

    @Inject
    Clock clock;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(IncidentFilters filters, IncidentSearch.Result result,
                List<String> assignees, boolean htmx, Instant now);

        static native TemplateInstance list$rows(IncidentFilters filters, IncidentSearch.Result result,
                boolean htmx, Instant now);

        static native TemplateInstance incident(IncidentPage page, IncidentLivenessPanel liveness);

        static native TemplateInstance incident$liveness(IncidentLivenessPanel liveness);
    }

    /** The list; an htmx request (the filter form, a page link) gets only the table part. */
    @GET
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance list(@RestQuery String state, @RestQuery String severity, @RestQuery String liveness,
            @RestQuery String assignee, @RestQuery String breach, @RestQuery String sort, @RestQuery String dir,
            @RestQuery String page, @RestQuery String size, @RestHeader("HX-Request") String htmx,
            @RestHeader("HX-History-Restore-Request") String restore) {
        IncidentFilters filters = IncidentFilters.parse(state, severity, liveness, assignee, breach, sort, dir, page,
                size);
        IncidentSearch.Result result = queries.search(filters.toSearch());
        Instant now = clock.instant();
        if (htmx != null && restore == null) {
            return Templates.list$rows(filters, result, true, now);
        }
        return Templates.list(filters, result, queries.assignees(), false, now);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance incident(@RestPath String id) {
        IncidentViews.Detail detail = incidents.get(ProblemException.uuidField("id", id));
        Instant now = clock.instant();
        List<OccurrenceView> occurrences = detail.occurrences();
        TimelineSvg timeline = TimelineSvg.of(detail.exposureStart(), detail.credential().firstSeenAt(),
                detail.openedAt(), detail.acknowledgedAt(), detail.containedAt(), detail.closedAt(), now,
                occurrences.stream().map(OccurrenceView::commitDate).toList());
        IncidentPage page = new IncidentPage(detail, incidents.verifyChain(detail.id()),
                IncidentOccurrences.group(occurrences), occurrences.size(), timeline, now);
        return Templates.incident(page, panel(detail.id(), detail.credential(), ""));
    }

    /** The liveness panel alone: what the page polls while a check waits or runs. */
    @GET
    @Path("/{id}/liveness")
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance livenessPanel(@RestPath String id) {
        UUID incident = ProblemException.uuidField("id", id);
        return Templates.incident$liveness(panel(incident, credentialOf(incident), ""));
    }

    /**
     * Checks now whether the credential still works (read-only at Twilio), as {@code POST
     * /api/v1/incidents/{id}/liveness} does, and answers with the updated panel; a plain form goes back to the page.
     */
    @POST
    @Path("/{id}/liveness")
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public Response checkLiveness(@RestPath String id, @RestHeader("HX-Request") String htmx) {
        UUID incident = ProblemException.uuidField("id", id);
        UUID credential = incidents.credentialOf(incident);
        LivenessResult result = liveness.checkNow(credential, Trigger.MANUAL, ui.actor());
        if (htmx == null) {
            return Response.seeOther(URI.create("/ui/incidents/" + incident + "#liveness")).build();
        }
        String message = "Checked just now: " + result.verdict()
                + (result.reason() == null ? "" : " — " + result.reason());
        return Response.ok(Templates.incident$liveness(panel(incident, credentials.view(credential).orElseThrow(),
                message))).build();
    }

    private CredentialView credentialOf(UUID incident) {
        return credentials.view(incidents.credentialOf(incident)).orElseThrow();
    }

    private IncidentLivenessPanel panel(UUID incident, CredentialView credential, String message) {
        LivenessViews.Report report = liveness.report(credential.id(), CHECKS_SHOWN);
        boolean checkable = credential.kind().isSecret() && credential.secretStored();
        return new IncidentLivenessPanel(incident, report.status(), report.checks(),
                liveness.checkPending(credential.id()), checkable, message, clock.instant());
    }
}
