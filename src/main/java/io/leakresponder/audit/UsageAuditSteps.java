package io.leakresponder.audit;

import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialKind;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.incident.IllegalTransitionException;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.incident.IncidentWorkflow;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.LivenessViews;
import io.leakresponder.twilio.Verdict;
import io.leakresponder.usage.AuditReport;
import io.leakresponder.usage.UsageAuditRequest;
import io.leakresponder.usage.UsageAuditService;
import io.leakresponder.usage.UsageExportFilter;
import io.leakresponder.usage.UsageSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The usage-audit steps of an incident, shared by the API and the dashboard: start or refresh the audit for the
 * compromised window, mark it reviewed (REMEDIATED to AUDITED), and prepare a CSV export. Bad input is refused
 * with a problem naming the field before anything changes.
 */
@ApplicationScoped
public class UsageAuditSteps {

    private final UsageAuditService audits;
    private final IncidentService incidents;
    private final IncidentWorkflow workflow;
    private final CredentialService credentials;
    private final LivenessService liveness;
    private final UsageAuditChoice.Repository choices;

    UsageAuditSteps(UsageAuditService audits, IncidentService incidents, IncidentWorkflow workflow,
            CredentialService credentials, LivenessService liveness, UsageAuditChoice.Repository choices) {
        this.audits = audits;
        this.incidents = incidents;
        this.workflow = workflow;
        this.credentials = credentials;
        this.liveness = liveness;
        this.choices = choices;
    }

    /**
     * What a responder may choose when starting an audit; null fields take their default.
     *
     * @param windowStart        ISO-8601 instant before the exposure start, to widen the window (needs a reason)
     * @param useLeakedCredential allow the pulls to use the leaked credential while it is LIVE
     * @param includeSubaccounts pull the subaccounts too; default: yes for an Auth Token
     */
    public record StartOptions(String windowStart, String reason, Boolean useLeakedCredential,
            Boolean includeSubaccounts) {
    }

    /** A CSV export ready to stream: its file name and the writer of its rows. */
    public record CsvExport(String filename, UUID incidentId, UsageSource source, UsageExportFilter filter) {
    }

    /**
     * Starts or refreshes the audit of {@code incidentId}'s compromised window: [exposure start or the widened
     * start, confirmed NOT_LIVE] (open while the credential may still work). Records the event on the incident.
     */
    public AuditReport start(UUID incidentId, StartOptions options, String actor) {
        StartOptions o = options == null ? new StartOptions(null, null, null, null) : options;
        UUID credentialId = incidents.credentialOf(incidentId);
        CredentialView credential = credentials.view(credentialId).orElseThrow();
        if (credential.accountSid() == null) {
            throw ProblemException.conflict("account-unknown", "the credential's Account SID is unknown: the "
                    + "audit needs the account to pull from");
        }
        Instant start = credential.exposureStart();
        String reason = null;
        if (o.windowStart() != null && !o.windowStart().isBlank()) {
            Instant widened;
            try {
                widened = Instant.parse(o.windowStart().trim());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField("windowStart", "windowStart must be an ISO-8601 instant, "
                        + "e.g. 2026-01-31T09:00:00Z");
            }
            if (!widened.isBefore(start)) {
                throw ProblemException.invalidField("windowStart", "windowStart may only widen the window: it must "
                        + "be before the exposure start " + start);
            }
            if (o.reason() == null || o.reason().isBlank()) {
                throw ProblemException.invalidField("reason", "widening the window needs a reason");
            }
            start = widened;
            reason = o.reason().trim();
        }
        Instant end = windowEnd(liveness.status(credentialId).orElse(null));
        boolean subaccounts = o.includeSubaccounts() != null
                ? o.includeSubaccounts()
                : credential.kind() == CredentialKind.AUTH_TOKEN;
        boolean allowLeaked = Boolean.TRUE.equals(o.useLeakedCredential());
        UsageAuditRequest request;
        try {
            request = new UsageAuditRequest(incidentId, credential.accountSid(), start, end, reason, null,
                    subaccounts, actor);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("the audit window is not valid: " + e.getMessage());
        }
        recordChoice(incidentId, allowLeaked, actor);
        UUID auditId;
        try {
            auditId = audits.start(request);
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
        details.put("leakedCredentialAllowed", allowLeaked);
        incidents.recordEvent(incidentId, actor, "usage_audit_started", details);
        return audits.report(incidentId);
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

    /** Marks the audit reviewed and moves the REMEDIATED incident to AUDITED, with the verdict as evidence. */
    public IncidentWorkflow.StepResult review(UUID incidentId, String actor) {
        IncidentState state = incidents.stateOf(incidentId);
        if (state != IncidentState.REMEDIATED) {
            throw new IllegalTransitionException(state, "mark audited",
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

    /**
     * Checks an export request before the first byte is written: the source (field {@code source}), the filter
     * (query parameters), and that the incident has an audit (404 otherwise).
     */
    public CsvExport csvExport(UUID incidentId, String source, Map<String, String> params) {
        UsageSource s;
        try {
            s = UsageSource.of(source);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("source", e.getMessage());
        }
        UsageExportFilter filter;
        try {
            filter = UsageExportFilter.of(params == null ? Map.of() : params);
            filter.requireApplicableTo(s);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        audits.report(incidentId); // 404 before the first byte when there is no audit
        return new CsvExport("usage-" + s.slug() + "-" + incidentId + ".csv", incidentId, s, filter);
    }

    /** Streams an export prepared by {@link #csvExport}. */
    public void write(CsvExport export, OutputStream out) {
        audits.exportCsv(export.incidentId(), export.source(), export.filter(), out);
    }

    /** The audit as Markdown for the post-incident record. */
    public String summary(UUID incidentId) {
        return audits.markdownSummary(incidentId);
    }
}
