package io.leakresponder.usage;

import com.twilio.http.TwilioRestClient;
import io.leakresponder.jobs.JobContext;
import io.leakresponder.jobs.JobEngine;
import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.twilio.RotationOutcome;
import io.leakresponder.twilio.TwilioClients;
import io.leakresponder.twilio.TwilioReads;
import io.leakresponder.twilio.TwilioRotation;
import io.leakresponder.usage.UsageStore.AuditRow;
import io.leakresponder.usage.UsageStore.PullRow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs pulls: one run of one pull per job. A run reads the credential from {@link UsageCredentialProvider}, reads
 * pages from the stored cursor on and stores them (see {@link PagePuller} and {@link PageWriter}), then records how
 * it ended. A 429 storm or a node shutting down reschedules the pull as a new job (not a failure); 5xx and network
 * failures fail the job, which db-scheduler retries with back-off, each attempt resuming at the cursor.
 */
@ApplicationScoped
class UsagePulls {

    private static final Logger LOG = Logger.getLogger(UsagePulls.class);

    /** Delay of the run that continues a pull stopped by a shutdown. */
    static final Duration AFTER_STOP = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final TwilioClients clients;
    private final TwilioRotation twilio;
    private final UsageCredentialProvider credentials;
    private final JobEngine jobs;
    private final UsageConfig config;
    private final Clock clock;
    private final ExecutorService fetchers;
    private final PagePuller puller;

    UsagePulls(DataSource dataSource, TwilioClients clients, TwilioRotation twilio, TwilioReads reads,
            UsageCredentialProvider credentials, JobEngine jobs, UsageConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.clients = clients;
        this.twilio = twilio;
        this.credentials = credentials;
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.fetchers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "usage-page-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Pages go through the breakers and limits every Twilio call shares; the puller alone retries them.
        this.puller = new PagePuller(PagePuller.Settings.of(config), fetchers, new Countries(), reads);
    }

    @PreDestroy
    void stop() {
        fetchers.shutdownNow();
    }

    /** Schedules the job of a pending pull, in the caller's transaction. */
    void schedule(PullRow pull, Instant when) {
        jobs.schedule(UsagePullJob.TASK, UsagePullJob.instanceId(pull.id(), pull.runSeq()),
                new UsagePullJob.Payload(pull.id(), pull.runSeq()), when);
    }

    /** Runs one pull from its cursor. A stale run (superseded by a refresh or reschedule) does nothing. */
    void run(UUID pullId, int runSeq, JobContext ctx) throws Exception {
        Optional<PullRow> found = read(c -> UsageStore.pull(c, pullId));
        if (found.isEmpty() || found.get().runSeq() != runSeq || found.get().status().finished()) {
            LOG.debugf("usage pull %s run %d is stale or finished; nothing to do", pullId, runSeq);
            return;
        }
        PullRow pull = found.get();
        AuditRow audit = read(c -> UsageStore.audit(c, pull.auditId())).orElse(null);
        if (audit == null) {
            return;
        }
        Optional<TwilioAuth> auth = credentials.authFor(audit.incidentId());
        if (auth.isEmpty()) {
            finish(pull, PullStatus.NO_CREDENTIAL, null, null, "no credential was available for the pull: the "
                    + "account's admin credential is not registered, or the leaked one may no longer be used");
            return;
        }
        TwilioAuth use = auth.get();
        if (!pull.accountSid().equalsIgnoreCase(use.accountSid())) {
            // A subaccount's pull. Said before any request: Twilio's refusal would read as a dead credential.
            if (use.isApiKey()) {
                finish(pull, PullStatus.NO_ACCESS, null, null, pull.source().label() + " of subaccount "
                        + pull.accountSid() + " cannot be read with " + use.describe() + " of the main account "
                        + use.accountSid() + ": Twilio refuses a main account's API keys on its subaccounts' resources "
                        + "(this says nothing about whether the key works). Register the main account's Auth Token "
                        + "(POST /api/v1/accounts) to audit the subaccount itself");
                return;
            }
            if (monitorOfSubaccount(pull, use.accountSid())) {
                // Monitor's v1 API acts on the account the credential belongs to: the subaccount's own token.
                RotationOutcome<TwilioAuth> own = twilio.subaccountAuth(use, pull.accountSid());
                if (!own.isOk()) {
                    boolean passing = own.status() == RotationOutcome.Status.RATE_LIMITED
                            || own.status() == RotationOutcome.Status.UNAVAILABLE;
                    if (passing && !ctx.isLastAttempt()) {
                        throw new IllegalStateException("subaccount credential not read yet: " + own.status());
                    }
                    finish(pull, passing ? PullStatus.FAILED : PullStatus.NO_ACCESS, own.httpStatus(),
                            own.twilioErrorCode(), "Monitor " + pull.source().label() + " of subaccount "
                                    + pull.accountSid() + " needs that subaccount's own credential, which could not "
                                    + "be read with the main account's Auth Token: " + own.reason());
                    return;
                }
                use = own.value();
            }
        }
        TwilioRestClient client = clients.forAuth(use);
        if (!inTx(c -> UsageStore.markRunning(c, pull.id(), runSeq, clock.instant()))) {
            return;
        }
        Sources.Target target = new Sources.Target(audit.id(), pull.source(), pull.accountSid(), pull.period(),
                pull.rangeStart(), pull.rangeEnd(), audit.window(), audit.accountSid());
        PagePuller.Result result;
        try {
            result = pullPages(pull, target, client, ctx::isShuttingDown);
        } catch (Exception e) {
            // A database failure, or a bug: the job is retried and resumes at the cursor.
            if (ctx.isLastAttempt()) {
                finish(pull, PullStatus.FAILED, null, null, "gave up after " + ctx.attempt() + " attempts: "
                        + e.getClass().getSimpleName() + " while storing pages");
            }
            throw e;
        }
        boolean interrupted = Thread.interrupted(); // recorded below, then restored for the job engine
        try {
            record(pull, audit, result, ctx);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <W> PagePuller.Result pullPages(PullRow pull, Sources.Target target, TwilioRestClient client,
            BooleanSupplier stop) throws Exception {
        @SuppressWarnings("unchecked")
        Sources.Spec<?, W> spec = (Sources.Spec<?, W>) Sources.of(pull.source());
        PageWriter<W> writer = new PageWriter<>(dataSource, pull.auditId(), pull.id(), pull.runSeq(), spec.table(),
                clock);
        PagePuller.Result result = puller.pull(spec, target, client, pull.cursorUrl(), pull.pages(), writer, stop);
        if (writer.duplicateBatches() > 0) {
            LOG.infof("usage pull %s: %d batch(es) met rows stored before; duplicates skipped", pull.id(),
                    writer.duplicateBatches());
        }
        return result;
    }

    private void record(PullRow pull, AuditRow audit, PagePuller.Result r, JobContext ctx) throws Exception {
        PagePuller.Failure f = r.failure();
        LOG.infof("usage pull %s (%s of %s, %s) run %d: %s after %d page(s), %d row(s) stored", pull.id(),
                pull.source(), pull.accountSid(), pull.period(), pull.runSeq(), r.kind(), r.pages(), r.rowsStored());
        switch (r.kind()) {
            case DONE -> inTx(c -> {
                UsageStore.addRateLimited(c, pull.id(), pull.runSeq(), r.rateLimited());
                if (UsageStore.finish(c, pull.id(), pull.runSeq(), PullStatus.DONE, null, null, null,
                        clock.instant()) && pull.source() == UsageSource.SUBACCOUNTS) {
                    planSubaccounts(c, pull.auditId());
                }
                return null;
            });
            case RATE_LIMITED -> {
                // Reschedules in a row without a page stored; pages stored by this run reset the streak.
                int reschedules = (r.pages() > 0 ? 0 : pull.rateLimitedStreak()) + 1;
                if (reschedules > config.pull().maxReschedules()) {
                    inTx(c -> {
                        UsageStore.addRateLimited(c, pull.id(), pull.runSeq(), r.rateLimited());
                        return UsageStore.finish(c, pull.id(), pull.runSeq(), PullStatus.FAILED, f.httpStatus(),
                                f.code(), "gave up after " + config.pull().maxReschedules()
                                        + " reschedules in a row without a page: " + f.reason(),
                                clock.instant());
                    });
                    return;
                }
                Instant at = clock.instant().plus(rescheduleDelay(reschedules));
                reschedule(pull, PullStatus.RATE_LIMITED, true, r.rateLimited(), f,
                        f.reason() + "; continuing at the stored cursor at " + at, at);
            }
            case STOPPED -> reschedule(pull, PullStatus.PENDING, false, r.rateLimited(), null,
                    "stopped while this node shut down; continuing at the stored cursor", clock.instant()
                            .plus(AFTER_STOP));
            case NO_ACCESS -> finish(pull, PullStatus.NO_ACCESS, f.httpStatus(), f.code(),
                    monitorOfSubaccount(pull, audit.accountSid())
                            ? "Twilio did not let subaccount " + pull.accountSid() + "'s own Auth Token (read with the "
                                    + "main account's) read " + pull.source().label() + " (" + f.reason() + ")"
                            : f.reason());
            case FAILED -> finish(pull, PullStatus.FAILED, f.httpStatus(), f.code(), f.reason());
            case TRANSIENT -> {
                if (ctx.isLastAttempt()) {
                    finish(pull, PullStatus.FAILED, f.httpStatus(), f.code(), f.reason() + "; gave up after "
                            + ctx.attempt() + " attempts");
                    return;
                }
                inTx(c -> {
                    UsageStore.addRateLimited(c, pull.id(), pull.runSeq(), r.rateLimited());
                    UsageStore.note(c, pull.id(), pull.runSeq(), f.httpStatus(), f.code(), "attempt "
                            + ctx.attempt() + " of " + ctx.maxAttempts() + " failed (" + f.reason()
                            + "); retrying from the stored cursor", clock.instant());
                    return null;
                });
                // Thrown so db-scheduler retries the job with back-off; the retry resumes at the cursor.
                throw new PullRetryException(f.reason());
            }
            case SUPERSEDED -> LOG.infof("usage pull %s run %d was superseded; stopped", pull.id(), pull.runSeq());
        }
    }

    /** Back-off of the {@code n}-th reschedule in a row (1-based): doubling from the initial delay, capped. */
    Duration rescheduleDelay(int n) {
        Duration delay = config.pull().rescheduleInitialBackoff();
        Duration max = config.pull().rescheduleMaxBackoff();
        for (int i = 1; i < n && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private void reschedule(PullRow pull, PullStatus status, boolean rateLimited, int answers,
            PagePuller.Failure f, String detail, Instant at) throws Exception {
        inTx(c -> {
            int next = UsageStore.reschedule(c, pull.id(), pull.runSeq(), status, rateLimited, answers,
                    f == null ? null : f.httpStatus(), f == null ? null : f.code(), detail, at, clock.instant());
            if (next > 0) {
                jobs.schedule(UsagePullJob.TASK, UsagePullJob.instanceId(pull.id(), next),
                        new UsagePullJob.Payload(pull.id(), next), at);
            }
            return null;
        });
    }

    private void finish(PullRow pull, PullStatus status, Integer http, Integer code, String detail) throws Exception {
        inTx(c -> UsageStore.finish(c, pull.id(), pull.runSeq(), status, http, code, detail, clock.instant()));
    }

    /** After the subaccounts were listed: every subaccount gets its pulls, scheduled in the same transaction. */
    private void planSubaccounts(Connection c, UUID auditId) throws SQLException {
        AuditRow audit = UsageStore.audit(c, auditId).orElseThrow();
        Instant now = clock.instant();
        for (Rows.AccountRow account : UsageStore.accounts(c, auditId)) {
            if (account.main()) {
                continue;
            }
            List<PullRow> planned = PullPlan.forAccount(auditId, account.sid(), audit.window(), now);
            for (PullRow p : planned) {
                UsageStore.insertPull(c, p);
                if (p.status() == PullStatus.PENDING) {
                    schedule(p, now);
                }
            }
        }
    }

    private static boolean monitorOfSubaccount(PullRow pull, String accountSid) {
        return (pull.source() == UsageSource.MONITOR_EVENTS || pull.source() == UsageSource.MONITOR_ALERTS)
                && !pull.accountSid().equalsIgnoreCase(accountSid);
    }

    // ---- transactions ----

    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** A read outside any transaction. */
    private <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        }
    }

    /** A short transaction of its own; the job engine's statements in it commit or roll back with it. */
    private <T> T inTx(SqlWork<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.apply(c);
            }
        });
    }

    /** A run that ended on a failure worth retrying (5xx, network); the message is ours, never Twilio's. */
    static final class PullRetryException extends Exception {
        PullRetryException(String reason) {
            super(reason);
        }
    }
}
