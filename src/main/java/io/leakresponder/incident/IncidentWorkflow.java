package io.leakresponder.incident;

import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialKind;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.credential.OccurrenceView;
import io.leakresponder.liveness.LivenessService;
import io.leakresponder.liveness.Trigger;
import io.leakresponder.twilio.LivenessResult;
import io.leakresponder.twilio.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The response workflow: acknowledge, contain (confirmed by a liveness check), replace consumers, remediate,
 * close. Each action locks the incident row, checks the caller's expected version, changes state through the
 * entity (which refuses illegal transitions) and appends a chained event, all in one transaction.
 */
@ApplicationScoped
public class IncidentWorkflow {

    private final IncidentRepository incidents;
    private final ConsumerRepository consumers;
    private final IncidentService history;
    private final CredentialService credentials;
    private final LivenessService liveness;
    private final IncidentMetrics metrics;
    private final Clock clock;

    IncidentWorkflow(IncidentRepository incidents, ConsumerRepository consumers, IncidentService history,
            CredentialService credentials, LivenessService liveness, IncidentMetrics metrics, Clock clock) {
        this.incidents = incidents;
        this.consumers = consumers;
        this.history = history;
        this.credentials = credentials;
        this.liveness = liveness;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A consumer as the API shows it. */
    public record ConsumerView(UUID id, String name, String kind, String owner, String status, boolean suggested,
            String note, Instant createdAt, String createdBy, Instant resolvedAt, String resolvedBy) {
        static ConsumerView of(Consumer c) {
            return new ConsumerView(c.id, c.name, c.kind.name(), c.owner, c.status.name(), c.suggested, c.note,
                    c.createdAt, c.createdBy, c.resolvedAt, c.resolvedBy);
        }
    }

    /** What an action did, with the runbook section that guides the next step. */
    public record StepResult(UUID incidentId, IncidentState state, long version, String runbook, String detail) {
    }

    private Incident lock(UUID id, Long expectedVersion) {
        Incident i = incidents.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("incident", id));
        if (expectedVersion != null && expectedVersion != i.version) {
            throw ProblemException.conflict("stale-version", "the incident changed since version " + expectedVersion
                    + " (it is now " + i.version + "); reload it and try again");
        }
        return i;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private StepResult result(Incident i, String section, String detail) {
        String runbook = runbookFor(i) + "#" + section;
        incidents.flush();
        return new StepResult(i.id, i.state, i.version, runbook, detail);
    }

    private String runbookFor(Incident i) {
        return credentials.view(i.credentialId).map(c -> c.kind()).orElse(CredentialKind.AUTH_TOKEN).runbook();
    }

    /** A responder takes the incident; the consumer ledger is seeded with suggestions from the occurrences. */
    @Transactional
    public StepResult acknowledge(UUID id, String assignee, String actor, Long expectedVersion) {
        Incident i = lock(id, expectedVersion);
        IncidentState before = i.state;
        Instant now = now();
        try {
            i.acknowledge(assignee == null || assignee.isBlank() ? actor : assignee.trim(), now);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("assignee", e.getMessage());
        }
        List<String> suggested = suggestConsumers(i, actor, now);
        history.append(i, actor, "acknowledged", before, i.state,
                Map.of("assignee", i.assignee, "suggestedConsumers", suggested));
        return result(i, "immediate-actions", "assigned to " + i.assignee);
    }

    private List<String> suggestConsumers(Incident i, String actor, Instant now) {
        Set<String> names = new LinkedHashSet<>();
        CredentialView c = credentials.view(i.credentialId).orElseThrow();
        for (OccurrenceView o : credentials.occurrences(i.credentialId, 500)) {
            if (o.repository() != null || o.file() != null) {
                names.add((o.repository() == null ? "" : o.repository() + ":") + (o.file() == null ? "" : o.file()));
            }
        }
        List<String> added = new java.util.ArrayList<>();
        for (String name : names) {
            if (!consumers.exists(i.id, name)) {
                consumers.persist(Consumer.pending(i.id, name, Consumer.Kind.SERVICE, null, true, actor, now));
                added.add(name);
            }
        }
        if (c.kind() == CredentialKind.AUTH_TOKEN) {
            // Rotating an Auth Token changes what X-Twilio-Signature is computed with.
            String validator = "webhook signature validation (X-Twilio-Signature)";
            if (!consumers.exists(i.id, validator)) {
                consumers.persist(Consumer.pending(i.id, validator, Consumer.Kind.WEBHOOK_VALIDATOR, null, true, actor,
                        now));
                added.add(validator);
            }
        }
        return added;
    }

    /**
     * Confirms containment: the responder rotated or revoked the credential (in the Console, or through the
     * rotation workflow); a liveness check runs now, outside any transaction, and only NOT_LIVE contains.
     */
    public StepResult confirmContainment(UUID id, String actor, Long expectedVersion) {
        UUID credentialId = history.credentialOf(id);
        LivenessResult check = liveness.checkNow(credentialId, Trigger.MANUAL, actor);
        return recordContainment(id, check, "MANUAL", actor, expectedVersion);
    }

    /** Moves an acknowledged incident to CONTAINED on a NOT_LIVE check; the rotation workflow calls it too. */
    @Transactional
    public StepResult recordContainment(UUID id, LivenessResult check, String mode, String actor,
            Long expectedVersion) {
        Incident i = lock(id, expectedVersion);
        IncidentState before = i.state;
        if (check.verdict() != Verdict.NOT_LIVE) {
            throw new IllegalTransitionException(i.state, "contain", "the credential answered " + check.verdict()
                    + " (" + check.reason() + "); rotate or revoke it first, then confirm again");
        }
        i.markContained(true, now());
        metrics.contained(i);
        history.append(i, actor, "contained", before, i.state, Map.of("mode", mode,
                "verdict", check.verdict().name(), "checkedAt", check.checkedAt().toString()));
        return result(i, "replace", "confirmed NOT_LIVE");
    }

    @Transactional
    public List<ConsumerView> consumers(UUID id) {
        incidents.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("incident", id));
        return consumers.listByIncident(id).stream().map(ConsumerView::of).toList();
    }

    @Transactional
    public ConsumerView addConsumer(UUID id, String name, String kind, String owner, String actor) {
        Incident i = lock(id, null);
        if (!i.isOpen()) {
            throw new IllegalTransitionException(i.state, "add a consumer to", "it is closed");
        }
        if (name == null || name.isBlank() || name.length() > 300) {
            throw ProblemException.invalidField("name", "name is required and at most 300 characters");
        }
        Consumer.Kind k;
        try {
            k = Consumer.Kind.valueOf(kind == null ? "OTHER" : kind.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("kind", "kind must be one of SERVICE, CI_SECRET, VAULT_PATH, "
                    + "WEBHOOK_VALIDATOR, OTHER");
        }
        if (consumers.exists(id, name.trim())) {
            throw ProblemException.conflict("consumer-exists", "a consumer named '" + name.trim() + "' exists");
        }
        Consumer c = Consumer.pending(id, name.trim(), k, owner, false, actor, now());
        consumers.persist(c);
        history.append(i, actor, "consumer_added", i.state, i.state,
                details("consumer", c.name, "kind", k.name(), "owner", owner));
        return ConsumerView.of(c);
    }

    @Transactional
    public ConsumerView resolveConsumer(UUID id, UUID consumerId, boolean replaced, String text, String actor) {
        Incident i = lock(id, null);
        Consumer c = consumers.findByIdOptional(consumerId).filter(x -> x.incidentId.equals(id))
                .orElseThrow(() -> ProblemException.notFound("consumer", consumerId));
        c.resolve(replaced ? Consumer.Status.REPLACED : Consumer.Status.WAIVED, text, actor, now());
        history.append(i, actor, replaced ? "consumer_replaced" : "consumer_waived", i.state, i.state,
                details("consumer", c.name, replaced ? "note" : "reason", text));
        return ConsumerView.of(c);
    }

    /** Every consumer is replaced or waived: the incident is remediated. */
    @Transactional
    public StepResult remediate(UUID id, String actor, Long expectedVersion) {
        Incident i = lock(id, expectedVersion);
        IncidentState before = i.state;
        long pending = consumers.pending(id);
        i.markRemediated(pending, now());
        metrics.remediated(i);
        history.append(i, actor, "remediated", before, i.state,
                Map.of("consumers", consumers.listByIncident(id).size()));
        return result(i, "audit-usage", "every consumer replaced or waived");
    }

    /** The usage audit of the compromised window was reviewed: REMEDIATED → AUDITED. */
    @Transactional
    public StepResult markAudited(UUID id, String actor, Map<String, Object> evidence) {
        Incident i = lock(id, null);
        IncidentState before = i.state;
        i.markAudited(true, now());
        history.append(i, actor, "audited", before, i.state, evidence);
        return result(i, "close", "usage audit reviewed");
    }

    /**
     * Closes the incident. REVOKED needs an audited incident; the other resolutions close early with a reason.
     * The stored secret is destroyed and scheduled re-checks stop; fingerprint and hint stay.
     */
    @Transactional
    public StepResult close(UUID id, String resolution, String reason, boolean byAdmin, String actor,
            Long expectedVersion) {
        Resolution why;
        try {
            why = Resolution.valueOf(resolution == null ? "" : resolution.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("resolution", "resolution must be one of REVOKED, FALSE_POSITIVE, "
                    + "TEST_CREDENTIAL, NEVER_LIVE, ACCEPTED_RISK");
        }
        // Closing stops the credential's monitoring. A liveness check locks that state first and the incident
        // second; closing takes them in the same order, so a check running meanwhile waits or is waited for,
        // never deadlocks with it.
        incidents.credentialOf(id).ifPresent(liveness::lockState);
        Incident i = lock(id, expectedVersion);
        IncidentState before = i.state;
        Instant now = now();
        if (why == Resolution.REVOKED) {
            i.closeRevoked(now);
        } else {
            try {
                i.closeEarly(why, reason, byAdmin, liveness.everyCheckSaidNotLive(i.credentialId), now);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("reason", e.getMessage());
            }
        }
        metrics.closed(i);
        history.append(i, actor, "closed", before, i.state, details("resolution", why.name(), "reason", reason));
        if (credentials.destroySecret(i.credentialId, now)) {
            history.append(i, actor, "secret_destroyed", i.state, i.state,
                    Map.of("reason", "incident closed; fingerprint and hint are kept"));
        }
        liveness.stopMonitoring(i.credentialId);
        return result(i, "close", "closed as " + why);
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < pairs.length; k += 2) {
            if (pairs[k + 1] != null) {
                m.put((String) pairs[k], pairs[k + 1]);
            }
        }
        return m;
    }
}
