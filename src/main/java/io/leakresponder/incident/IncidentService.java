package io.leakresponder.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialKind;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.ingest.FindingsRecorded;
import io.leakresponder.ingest.IngestOutcome;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.leakresponder.liveness.LivenessRecorded;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.LivenessViews;
import io.leakresponder.twilio.LivenessResult;
import io.leakresponder.twilio.Verdict;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Opens incidents, records their history in a hash chain, and answers queries about them. */
@ApplicationScoped
public class IncidentService {

    static final int MAX_OCCURRENCES_SHOWN = 500;

    private final IncidentRepository incidents;
    private final IncidentEventRepository events;
    private final CredentialService credentials;
    private final LivenessService liveness;
    private final ObjectMapper json;
    private final SlaConfig sla;
    private final Clock clock;
    private final Event<IncidentEventRecorded> recorded;

    IncidentService(IncidentRepository incidents, IncidentEventRepository events, CredentialService credentials,
            LivenessService liveness, ObjectMapper json, SlaConfig sla, Clock clock,
            Event<IncidentEventRecorded> recorded) {
        this.recorded = recorded;
        this.incidents = incidents;
        this.events = events;
        this.credentials = credentials;
        this.liveness = liveness;
        this.json = json;
        this.sla = sla;
        this.clock = clock;
    }

    /** The incident a report touched, and whether this report opened it. */
    public record Touched(UUID id, boolean opened) {
    }

    /** What one report brings to one credential, for {@link #recordFindings}. */
    public record Findings(CredentialView credential, boolean credentialIsNew, boolean upgraded,
            int newOccurrences) {

        boolean anythingNew() {
            return credentialIsNew || upgraded || newOccurrences > 0;
        }
    }

    /** Answers the ingest of a report, in its transaction, with the incident of each of its credentials. */
    void onFindings(@Observes FindingsRecorded event) {
        List<Findings> all = event.credentials().stream().map(c -> new Findings(c.credential(), c.credentialIsNew(),
                c.upgraded(), c.newOccurrences())).toList();
        event.touched(recordFindings(all, event.actor(), event.report()).stream()
                .map(t -> new IngestOutcome.TouchedIncident(t.id(), t.opened())).toList());
    }

    /**
     * Makes sure each credential of a report has its incident, in the caller's transaction. A new credential
     * opens one whose first event names the report it came from; a known one gets an event for its new
     * occurrences; a placeholder that just got its secret value is re-titled and re-rated; a credential the report
     * brings nothing new for is left alone. The incidents that change are loaded and locked in one query (in id
     * order), with their latest events in another, whatever the number of credentials; a credential created in
     * this very transaction has no incident yet, and none is looked up.
     *
     * @return per credential, in the order given: its incident, and whether this report opened it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Touched> recordFindings(List<Findings> all, String actor, Map<String, Object> report) {
        Instant now = now();
        List<UUID> changing = new ArrayList<>();
        List<UUID> unchanged = new ArrayList<>();
        for (Findings f : all) {
            if (!f.credentialIsNew()) {
                (f.anythingNew() ? changing : unchanged).add(f.credential().id());
            }
        }
        Map<UUID, Incident> locked = incidents.findByCredentialsForUpdate(changing);
        Map<UUID, UUID> idsOfUnchanged = incidents.idsByCredential(unchanged);
        Map<UUID, IncidentEvent> last = events.lastOf(locked.values().stream().map(Incident::id).toList());
        List<Touched> out = new ArrayList<>(all.size());
        for (Findings f : all) {
            CredentialView credential = f.credential();
            if (!f.anythingNew()) {
                UUID id = idsOfUnchanged.get(credential.id());
                if (id == null) {
                    throw new IllegalStateException("credential " + credential.id() + " has no incident");
                }
                out.add(new Touched(id, false));
                continue;
            }
            Incident incident = f.credentialIsNew() ? null : locked.get(credential.id());
            if (incident == null) {
                incident = Incident.open(credential.id(), initialSeverity(credential.kind()), title(credential), now);
                incidents.persist(incident);
                appendAfter(last, incident, actor, "opened", null, IncidentState.OPEN, Map.of("report", report,
                        "occurrences", f.newOccurrences(), "credentialKind", credential.kind()));
                out.add(new Touched(incident.id, true));
                continue;
            }
            if (f.upgraded()) {
                incident.retitle(title(credential), now);
                incident.changeSeverity(initialSeverity(credential.kind()), now);
                appendAfter(last, incident, actor, "credential_value_received", incident.state, incident.state,
                        Map.of("report", report, "credentialKind", credential.kind()));
            }
            if (f.newOccurrences() > 0) {
                incident.touch(now);
                appendAfter(last, incident, actor, "occurrences_added", incident.state, incident.state,
                        Map.of("report", report, "occurrences", f.newOccurrences()));
                if (!incident.isOpen()) {
                    // Seen again after closing: a liveness check (enqueued with the value) decides whether it
                    // reopens.
                    appendAfter(last, incident, actor, "seen_after_close", incident.state, incident.state,
                            Map.of("note", "the incident reopens if the credential checks LIVE"));
                }
            }
            out.add(new Touched(incident.id, false));
        }
        return out;
    }

    /** Appends after the incident's latest event as {@code last} knows it, and makes the new one its latest. */
    private void appendAfter(Map<UUID, IncidentEvent> last, Incident incident, String actor, String action,
            IncidentState before, IncidentState after, Map<String, Object> details) {
        last.put(incident.id, append(incident, Optional.ofNullable(last.get(incident.id)), actor, action, before,
                after, details));
    }

    /**
     * Records a liveness check on the credential's incident, in the same transaction as the check, and lets
     * severity follow it: a live Auth Token is critical, a live API key high, a dead credential low, an
     * identifier that cannot be checked informational.
     */
    void onLiveness(@Observes LivenessRecorded event) {
        var found = incidents.findByCredentialForUpdate(event.credentialId());
        if (found.isEmpty()) {
            return;
        }
        Incident incident = found.get();
        Instant now = now();
        LivenessResult r = event.result();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("verdict", r.verdict().name());
        details.put("trigger", event.trigger().name());
        details.put("reason", r.reason());
        putIfSet(details, "httpStatus", r.httpStatus());
        putIfSet(details, "twilioErrorCode", r.twilioErrorCode());
        putIfSet(details, "accountStatus", r.accountStatus());
        putIfSet(details, "accountType", r.accountType());
        putIfSet(details, "subaccount", r.subaccount());
        putIfSet(details, "keyType", r.keyType());
        putIfSet(details, "previousVerdict", event.previous());
        append(incident, event.actor(), "liveness_checked", incident.state, incident.state, details);
        if (event.stoppedWorkingAt() != null && event.previous() != Verdict.NOT_LIVE) {
            Map<String, Object> stopped = new LinkedHashMap<>();
            stopped.put("stoppedWorkingAt", event.stoppedWorkingAt().toString());
            stopped.put("lastLiveAt", String.valueOf(event.lastLiveAt()));
            append(incident, event.actor(), "credential_stopped_working", incident.state, incident.state, stopped);
        }
        if (event.workingAgain()) {
            append(incident, event.actor(), "credential_working_again", incident.state, incident.state,
                    Map.of("reason", "a credential that had stopped working answered LIVE again"));
        }
        if (!incident.isOpen() && r.verdict() == Verdict.LIVE) {
            IncidentState before = incident.state;
            incident.reopen(now);
            liveness.resumeMonitoring(event.credentialId());
            append(incident, event.actor(), "reopened", before, incident.state, Map.of("reason",
                    "the credential of this closed incident was found again and checks LIVE"));
        }
        CredentialView credential = credentials.view(event.credentialId()).orElseThrow();
        Severity target = severityFor(credential.kind(), r.verdict(), incident.severity);
        Severity before = incident.severity;
        if (incident.changeSeverity(target, now)) {
            append(incident, event.actor(), "severity_changed", incident.state, incident.state,
                    Map.of("from", before.name(), "to", target.name(), "because", r.verdict().name()));
        } else {
            incident.touch(now);
        }
    }

    static Severity severityFor(CredentialKind kind, Verdict verdict, Severity current) {
        return switch (verdict) {
            case LIVE -> kind == CredentialKind.AUTH_TOKEN ? Severity.CRITICAL : Severity.HIGH;
            case NOT_LIVE -> Severity.LOW;
            case NOT_CHECKABLE -> kind == CredentialKind.ACCOUNT_SID || kind == CredentialKind.API_KEY_SID
                    ? Severity.INFO
                    : current;
            case INDETERMINATE -> current;
        };
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value instanceof Enum<?> e ? e.name() : value);
        }
    }

    /** Appends an event to an incident's trail for another feature (rotation, usage audit), under the row lock. */
    @Transactional
    public void recordEvent(UUID incidentId, String actor, String action, Map<String, Object> details) {
        Incident i = incidents.findByIdOptional(incidentId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("incident", incidentId));
        i.touch(now());
        append(i, actor, action, i.state, i.state, details);
    }

    /** The incident's state. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentState stateOf(UUID incidentId) {
        return incidents.findByIdOptional(incidentId).map(Incident::state)
                .orElseThrow(() -> ProblemException.notFound("incident", incidentId));
    }

    /** The credential behind an incident, if the incident exists. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UUID> findCredentialOf(UUID incidentId) {
        return incidents.findByIdOptional(incidentId).map(Incident::credentialId);
    }

    /** The credential behind an incident. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public UUID credentialOf(UUID incidentId) {
        return incidents.findByIdOptional(incidentId).map(Incident::credentialId)
                .orElseThrow(() -> ProblemException.notFound("incident", incidentId));
    }

    /** Severity before any liveness check: a secret is high until a check says otherwise. */
    static Severity initialSeverity(CredentialKind kind) {
        return switch (kind) {
            case AUTH_TOKEN, API_KEY -> Severity.HIGH;
            case HASHED_SECRET -> Severity.MEDIUM;
            case ACCOUNT_SID, API_KEY_SID, UNRESOLVED_ALERT -> Severity.LOW;
        };
    }

    static String title(CredentialView c) {
        return switch (c.kind()) {
            case AUTH_TOKEN ->
                "Twilio Auth Token " + c.hint() + (c.accountSid() == null ? "" : " of " + c.accountSid());
            case API_KEY ->
                "Twilio API Key " + (c.keySid() == null ? c.hint() : c.keySid() + " (secret " + c.hint() + ")");
            case ACCOUNT_SID -> "Twilio Account SID " + c.accountSid() + " (no secret seen)";
            case API_KEY_SID -> "Twilio API Key SID " + c.keySid() + " (no secret seen)";
            case HASHED_SECRET -> "Twilio credential known only by its hash (secret value needed)";
            case UNRESOLVED_ALERT -> "Twilio secret-scanning alert without a value (secret value needed)";
        };
    }

    /** Appends an event to the incident's chain. Timestamps are cut to microseconds, as PostgreSQL keeps them. */
    void append(Incident incident, String actor, String action, IncidentState before, IncidentState after,
            Map<String, Object> details) {
        append(incident, events.last(incident.id), actor, action, before, after, details);
    }

    /** Appends after {@code last}, the incident's latest event (empty for the first event of a new incident). */
    private IncidentEvent append(Incident incident, Optional<IncidentEvent> last, String actor, String action,
            IncidentState before, IncidentState after, Map<String, Object> details) {
        IncidentEvent e = new IncidentEvent();
        e.id = UUID.randomUUID();
        e.incidentId = incident.id;
        e.seq = last.map(l -> l.seq + 1).orElse(1);
        e.prevHash = last.map(l -> l.hash).orElse(EventChain.GENESIS);
        e.at = now();
        e.actor = actor;
        e.action = action;
        e.stateBefore = before == null ? null : before.name();
        e.stateAfter = after == null ? null : after.name();
        e.details = EventChain.canonical(toJson(details));
        e.hash = EventChain.hash(e);
        events.persist(e);
        recorded.fire(new IncidentEventRecorded(e.incidentId, e.seq, action, e.stateBefore, e.stateAfter, details));
        return e;
    }

    private String toJson(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event details cannot be written as JSON", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentViews.Page<IncidentViews.Summary> list(IncidentState state, Severity severity, int page, int size) {
        PanacheQuery<Incident> query = incidents.search(state, severity, page, size);
        List<IncidentViews.Summary> items = query.list().stream().map(this::summary).toList();
        return new IncidentViews.Page<>(items, page, size, query.count());
    }

    private IncidentViews.Summary summary(Incident i) {
        CredentialView c = credentials.view(i.credentialId).orElseThrow();
        return new IncidentViews.Summary(i.id, i.title, i.state, i.severity, i.assignee,
                Sla.of(i, sla, clock.instant()), i.openedAt, i.updatedAt,
                c.exposureStart(), c);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentViews.Detail get(UUID id) {
        Incident i = incidents.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("incident", id));
        CredentialView c = credentials.view(i.credentialId).orElseThrow();
        return new IncidentViews.Detail(i.id, i.title, i.state, i.severity, Sla.of(i, sla, clock.instant()), i.version,
                i.assignee, i.resolution,
                i.resolutionReason, i.acknowledgedAt, i.containedAt, i.remediatedAt, i.auditedAt, i.closedAt,
                i.openedAt, i.updatedAt,
                c.exposureStart(), c, liveness.status(c.id()).orElse(null), credentials.occurrenceCount(c.id()),
                credentials.occurrences(c.id(), MAX_OCCURRENCES_SHOWN), eventViews(i.id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IncidentViews.Event> events(UUID id) {
        incidents.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("incident", id));
        return eventViews(id);
    }

    private List<IncidentViews.Event> eventViews(UUID incidentId) {
        return events.listByIncident(incidentId).stream().map(e -> {
            try {
                return new IncidentViews.Event(e.seq, e.at, e.actor, e.action, e.stateBefore, e.stateAfter,
                        json.readTree(e.details), e.hash);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("stored event details are not JSON", ex);
            }
        }).toList();
    }

    /** Recomputes the chain: an edited, inserted or deleted event breaks it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentViews.ChainVerification verifyChain(UUID id) {
        incidents.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("incident", id));
        List<IncidentEvent> all = events.listByIncident(id);
        String prev = EventChain.GENESIS;
        int expectedSeq = 1;
        for (IncidentEvent e : all) {
            if (e.seq != expectedSeq) {
                return new IncidentViews.ChainVerification(false, all.size(), expectedSeq, "event missing");
            }
            if (!Objects.equals(e.prevHash, prev)) {
                return new IncidentViews.ChainVerification(false, all.size(), e.seq, "previous hash does not match");
            }
            if (!Objects.equals(EventChain.hash(e), e.hash)) {
                return new IncidentViews.ChainVerification(false, all.size(), e.seq, "event content was changed");
            }
            prev = e.hash;
            expectedSeq++;
        }
        return new IncidentViews.ChainVerification(true, all.size(), null, null);
    }
}
