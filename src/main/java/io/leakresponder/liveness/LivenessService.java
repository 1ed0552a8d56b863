package io.leakresponder.liveness;

import io.leakresponder.credential.CredentialKind;
import io.leakresponder.credential.CredentialSecret;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.jobs.JobEngine;
import io.leakresponder.jobs.JobState;
import io.leakresponder.twilio.LivenessResult;
import io.leakresponder.twilio.TwilioFacade;
import io.leakresponder.twilio.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Checks stored credentials against Twilio and records the answers. Each check is: read the secret in a short
 * transaction, call Twilio with no transaction open, then record the result in another short transaction.
 */
@ApplicationScoped
public class LivenessService {

    private static final Logger LOG = Logger.getLogger(LivenessService.class);

    private final CredentialService credentials;
    private final TwilioFacade twilio;
    private final LivenessRepositories.Checks checks;
    private final LivenessRepositories.States states;
    private final LivenessRepositories.Audits audits;
    private final Event<LivenessRecorded> recorded;
    private final JobEngine jobs;
    private final RecheckPolicy policy;
    private final Clock clock;

    LivenessService(CredentialService credentials, TwilioFacade twilio, LivenessRepositories.Checks checks,
            LivenessRepositories.States states, LivenessRepositories.Audits audits, Event<LivenessRecorded> recorded,
            JobEngine jobs,
            LivenessConfig config, Clock clock) {
        this.credentials = credentials;
        this.twilio = twilio;
        this.checks = checks;
        this.states = states;
        this.audits = audits;
        this.recorded = recorded;
        this.jobs = jobs;
        this.policy = RecheckPolicy.of(config);
        this.clock = clock;
    }

    /** Checks a stored credential now and records the result. Must not be called inside a transaction. */
    public LivenessResult checkNow(UUID credentialId, Trigger trigger, String actor) {
        if (credentials.view(credentialId).isEmpty()) {
            throw new IllegalArgumentException("credential " + credentialId + " does not exist");
        }
        Optional<CredentialSecret> secret = credentials.secretFor(credentialId);
        LivenessResult result;
        if (secret.isEmpty()) {
            result = notCheckable(credentialId, null);
        } else if (secret.get().kind() == CredentialKind.AUTH_TOKEN && secret.get().accountSid() == null) {
            // Twilio authenticates an Auth Token only together with its Account SID.
            result = notCheckable(credentialId, "the Account SID that goes with this Auth Token is unknown; "
                    + "post a finding that has both, or check it with POST /api/v1/liveness");
        } else {
            result = suspendedAccountIsNotRevocation(secret.get().accountSid(), call(secret.get()));
        }
        record(credentialId, result, trigger, actor);
        return result;
    }

    private LivenessResult call(CredentialSecret s) {
        // The region it last worked in is asked first; the others follow before any NOT_LIVE.
        return s.kind() == CredentialKind.AUTH_TOKEN
                ? twilio.checkAuthToken(s.accountSid(), s.secret(), s.region())
                : twilio.checkApiKey(s.accountSid(), s.keySid(), s.secret(), s.region());
    }

    /**
     * Twilio refuses every credential of a suspended or closed account with the same 401/20003 as a revoked one.
     * When the account was last seen suspended or closed, a refusal says nothing about this credential: the
     * verdict is INDETERMINATE, so the incident is neither rated down nor closable as never live.
     */
    LivenessResult suspendedAccountIsNotRevocation(String accountSid, LivenessResult result) {
        if (result.verdict() != Verdict.NOT_LIVE || accountSid == null) {
            return result;
        }
        String status = lastAccountStatus(accountSid);
        if (!"SUSPENDED".equals(status) && !"CLOSED".equals(status)) {
            return result;
        }
        return new LivenessResult(Verdict.INDETERMINATE, null, accountSid, LivenessResult.AccountStatus.valueOf(status),
                null, null, null, null, null, result.httpStatus(), result.twilioErrorCode(),
                "Twilio refused the credential (" + result.httpStatus() + ", " + result.twilioErrorCode()
                        + "), but account " + accountSid + " was last seen " + status.toLowerCase()
                        + ": Twilio refuses every credential of a suspended or closed account, so this does not show "
                        + "the credential was revoked",
                result.attempts(), result.checkedAt());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    String lastAccountStatus(String accountSid) {
        return checks.lastAccountStatus(accountSid);
    }

    private LivenessResult notCheckable(UUID credentialId, String reason) {
        String why = reason != null
                ? reason
                : credentials.view(credentialId).map(c -> c.kind().isSecret()
                        ? "the secret value is no longer stored"
                        : "no secret value is known for this credential")
                        .orElse("credential not found");
        return new LivenessResult(Verdict.NOT_CHECKABLE, null, null, null, null, null, null, null, null, null, null,
                why, 0,
                clock.instant());
    }

    /** Checks a credential given by value, without storing anything. */
    public LivenessResult checkValue(String accountSid, String keySid, String secret) {
        LivenessResult result = keySid == null
                ? twilio.checkAuthToken(accountSid, secret)
                : twilio.checkApiKey(accountSid, keySid, secret);
        return TwilioFacade.isAccountSid(accountSid) ? suspendedAccountIsNotRevocation(accountSid, result) : result;
    }

    /** Records a result for a stored credential; the incident feature hears about it in the same transaction. */
    @Transactional
    public void record(UUID credentialId, LivenessResult result, Trigger trigger, String actor) {
        Instant at = result.checkedAt().truncatedTo(ChronoUnit.MICROS);
        LivenessCheck c = new LivenessCheck();
        c.id = UUID.randomUUID();
        c.credentialId = credentialId;
        c.verdict = result.verdict();
        c.trigger = trigger;
        c.actor = actor;
        c.checkedAt = at;
        c.accountSid = result.accountSid();
        c.accountStatus = result.accountStatus() == null ? null : result.accountStatus().name();
        c.accountType = result.accountType() == null ? null : result.accountType().name();
        c.subaccount = result.subaccount();
        c.friendlyName = result.friendlyName();
        c.keyType = result.keyType() == null ? null : result.keyType().name();
        c.revealedAccountSid = result.revealedAccountSid();
        c.twilioRegion = result.region() == null ? null : result.region().code();
        c.httpStatus = result.httpStatus();
        c.twilioErrorCode = result.twilioErrorCode();
        c.reason = result.reason();
        c.attempts = result.attempts();
        checks.persist(c);
        if (result.isLive() && result.region() != null) {
            // Later calls with this credential (rotation, usage pulls) go to the region it works in.
            credentials.recordRegion(credentialId, result.region());
        }
        // Locked first: concurrent checks of one credential (a job and a person) take turns.
        CredentialLiveness state = states.findByIdOptional(credentialId, LockModeType.PESSIMISTIC_WRITE)
                .orElseGet(() -> stateOf(credentialId));
        CredentialLiveness.Change change = state.record(result.verdict(), at, policy);
        LOG.infof("liveness of credential %s: %s (%s, %d attempts)", credentialId, result.verdict(), trigger,
                result.attempts());
        recorded.fire(new LivenessRecorded(credentialId, trigger, actor, result, change.previous(),
                state.stoppedWorkingAt, state.lastLiveAt, change.workingAgain()));
    }

    private CredentialLiveness stateOf(UUID credentialId) {
        return states.findByIdOptional(credentialId).orElseGet(() -> {
            CredentialLiveness fresh = CredentialLiveness.start(credentialId);
            states.persist(fresh);
            return fresh;
        });
    }

    /** Enqueues a check as a durable job, in the caller's transaction; the same key never runs twice. */
    @Transactional
    public void enqueue(UUID credentialId, Trigger trigger, String key) {
        stateOf(credentialId);
        jobs.schedule(LivenessCheckJob.TASK, key, new LivenessCheckJob.Payload(credentialId, trigger),
                clock.instant());
    }

    /**
     * Enqueues the check that follows a secret value arriving (a new credential, a placeholder that got its value,
     * a credential leaked again after its incident closed), in the caller's transaction. Unlike {@link #enqueue},
     * an earlier job of the same credential does not swallow it: a waiting or failed one is made due now with fresh
     * attempts, and when one is running (it may have read the credential before this value was committed), a
     * second job follows it.
     */
    @Transactional
    public void enqueueAfterIngest(UUID credentialId) {
        stateOf(credentialId);
        LivenessCheckJob.Payload payload = new LivenessCheckJob.Payload(credentialId, Trigger.INGEST);
        if (!jobs.scheduleOrReplace(LivenessCheckJob.TASK, ingestKey(credentialId), payload, clock.instant())) {
            jobs.scheduleOrReplace(LivenessCheckJob.TASK, ingestKey(credentialId) + ":next", payload,
                    clock.instant());
        }
    }

    private static String ingestKey(UUID credentialId) {
        return "ingest:" + credentialId;
    }

    /** Whether the credential is (still) stored. */
    public boolean exists(UUID credentialId) {
        return credentials.view(credentialId).isPresent();
    }

    /** Records an ad-hoc check: who, when, which credential by keyed fingerprint, the verdict. */
    @Transactional
    public void audit(String actor, String tokenId, String accountSid, String keySid, String secret,
            LivenessResult result, boolean tracked) {
        LivenessAudit a = new LivenessAudit();
        a.id = UUID.randomUUID();
        a.at = clock.instant();
        a.actor = actor;
        a.tokenId = tokenId;
        a.fingerprint = credentials.fingerprintOf(secret);
        a.kind = keySid != null ? "API_KEY" : "AUTH_TOKEN";
        a.accountSid = accountSid;
        a.keySid = keySid;
        a.verdict = result.verdict();
        a.tracked = tracked;
        audits.persist(a);
    }

    /** Re-checks that are due; the scheduler enqueues them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<CredentialLiveness> due(int limit) {
        Instant now = clock.instant();
        return states.due(now, limit).stream().map(id -> states.findById(id)).toList();
    }

    /** Stops scheduled re-checks (the incident was closed). */
    @Transactional
    public void stopMonitoring(UUID credentialId) {
        states.findByIdOptional(credentialId).ifPresent(CredentialLiveness::stopMonitoring);
    }

    /**
     * Locks the credential's liveness state until the transaction ends, as recording a check does first: a caller
     * that will change it after locking something else (closing an incident) takes it first, in the same order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockState(UUID credentialId) {
        states.findByIdOptional(credentialId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Resumes scheduled re-checks (a closed incident reopened). */
    @Transactional
    public void resumeMonitoring(UUID credentialId) {
        states.findByIdOptional(credentialId).ifPresent(s -> s.resumeMonitoring(clock.instant(), policy));
    }

    /** Credentials whose last check said LIVE and that are still monitored. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countLive() {
        return states.count("lastVerdict = ?1 and monitoring = ?2", Verdict.LIVE, Monitoring.ACTIVE);
    }

    /** Whether every recorded check of the credential said NOT_LIVE (and there was at least one). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean everyCheckSaidNotLive(UUID credentialId) {
        return !checks.history(credentialId, 1).isEmpty()
                && !checks.anyVerdictOtherThan(credentialId, Verdict.NOT_LIVE);
    }

    /**
     * Whether a check of the credential waits in the job queue or runs now: its first check after ingestion, or a
     * re-check that fell due. A job that used up its attempts is not waiting any more.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean checkPending(UUID credentialId) {
        List<String> keys = new ArrayList<>(List.of(ingestKey(credentialId), ingestKey(credentialId) + ":next"));
        states.findByIdOptional(credentialId).filter(s -> s.nextCheckAt != null)
                .ifPresent(s -> keys.add("recheck:" + credentialId + ":" + s.nextCheckAt.toEpochMilli()));
        // One query for the two or three jobs: the incident page polls this while a check waits.
        return jobs.findAll(LivenessCheckJob.TASK, keys).values().stream()
                .anyMatch(job -> job.state() != JobState.FAILED);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<LivenessViews.Status> status(UUID credentialId) {
        return states.findByIdOptional(credentialId).map(s -> new LivenessViews.Status(s.lastVerdict,
                s.lastCheckedAt, s.firstLiveAt, s.lastLiveAt, s.stoppedWorkingAt, s.notLiveSince, s.nextCheckAt,
                s.monitoring));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LivenessViews.Report report(UUID credentialId, int limit) {
        return new LivenessViews.Report(status(credentialId).orElse(null),
                checks.history(credentialId, limit).stream().map(LivenessViews.Check::of).toList());
    }
}
