package io.leakresponder.twilio;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.verify.v2.Service;
import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.LivenessResult.AccountType;
import io.leakresponder.twilio.LivenessResult.KeyType;
import io.leakresponder.twilio.TwilioCallExecutor.Step;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.jboss.logging.Logger;

/**
 * Read-only liveness checks of leaked Twilio credentials, with retries, a time budget, concurrency limits and
 * a circuit breaker per Twilio host, translating every outcome into a {@link LivenessResult}.
 *
 * <p>Only GET requests are sent. A 401 with code 20003 is an answer (NOT_LIVE); 429, 5xx, timeouts, connection
 * failures and error responses without a Twilio error body are retried with exponential back-off and full
 * jitter, and end INDETERMINATE when the budget is spent, never NOT_LIVE. Calls block; use worker threads.
 */
@ApplicationScoped
public class TwilioFacade {

    private static final Logger LOG = Logger.getLogger(TwilioFacade.class);

    static final String API_HOST = "api";
    static final String VERIFY_HOST = "verify";

    static final int AUTHENTICATE = 20003;
    static final int ACCOUNT_SUSPENDED = 20403;
    static final int ACCOUNT_NOT_ACTIVE = 20005;
    static final int TOO_MANY_REQUESTS = 20429;
    static final int RESTRICTED = 70051;

    private final TwilioSettings settings;
    private final TwilioClients clients;
    private final Clock clock;
    private final TwilioGuards guards;
    private final TwilioCallExecutor executor;

    private final LongAdder checks = new LongAdder();

    @Inject
    TwilioFacade(TwilioSettings settings, TwilioClients clients) {
        this(settings, clients, Clock.systemUTC());
    }

    /** Plain construction without CDI (tests, benchmark). */
    TwilioFacade(TwilioSettings settings, TwilioClients clients, Clock clock) {
        this(settings, clients, clock, System::nanoTime);
    }

    /** As above, with the breakers' time source given, so tests need not sleep through open periods. */
    TwilioFacade(TwilioSettings settings, TwilioClients clients, Clock clock, LongSupplier breakerNanoTime) {
        this.settings = settings;
        this.clients = clients;
        this.clock = clock;
        this.guards = new TwilioGuards(settings, breakerNanoTime);
        this.executor = new TwilioCallExecutor(settings, guards, LOG);
    }

    /** Counters since start, without a metrics dependency. */
    public record Counters(long checks, long requests, long retries, long circuitRejections, long busyRejections) {
    }

    public Counters counters() {
        return new Counters(checks.sum(), executor.requests(), executor.retries(), executor.circuitRejections(),
                executor.busyRejections());
    }

    /**
     * Checks an Account SID + Auth Token pair with {@code GET /2010-04-01/Accounts/{AC}.json}; when live, the
     * result carries the account's status, type, subaccount flag and friendly name.
     */
    public LivenessResult checkAuthToken(String accountSid, String authToken) {
        checks.increment();
        if (!isAccountSid(accountSid)) {
            return notCheckable("account SID must be AC followed by 32 hex digits");
        }
        if (authToken == null || authToken.isBlank()) {
            return notCheckable("auth token is missing");
        }
        Run run = new Run();
        TwilioRestClient client = clients.forAuthToken(accountSid, authToken);
        Step<AccountFacts, Failure> fetch = step(run, API_HOST, accountSid,
                () -> AccountFacts.of(Account.fetcher(accountSid).fetch(client)));
        LivenessResult result = fetch.ok()
                ? run.live(fetch.value(), null, null, "auth token accepted; account " + describe(fetch.value()))
                : run.fromFailure(fetch.failure());
        return logged("auth token", accountSid, result);
    }

    /**
     * Checks an API key. With the account SID: {@code GET /Accounts/{AC}/Messages.json?PageSize=1} (readable by
     * Main and Standard keys) decides liveness, then {@code GET /Accounts/{AC}.json} tells Main (200) from
     * Standard (401); code 70051 means authenticated but restricted. Without it ({@code accountSid} null or
     * blank): {@code GET https://verify.twilio.com/v2/Services} decides liveness and may reveal the account SID.
     */
    public LivenessResult checkApiKey(String accountSid, String keySid, String keySecret) {
        checks.increment();
        if (keySid == null || !TwilioClients.KEY_SID.matcher(keySid).matches()) {
            return notCheckable("key SID must be SK followed by 32 letters or digits");
        }
        if (keySecret == null || keySecret.isBlank()) {
            return notCheckable("key secret is missing");
        }
        if (accountSid == null || accountSid.isBlank()) {
            return logged("API key", keySid, checkApiKeyWithoutAccount(keySid, keySecret));
        }
        if (!isAccountSid(accountSid)) {
            return notCheckable("account SID must be AC followed by 32 hex digits");
        }
        Run run = new Run();
        TwilioRestClient client = clients.forApiKey(accountSid, keySid, keySecret);
        Step<Boolean, Failure> read = step(run, API_HOST, accountSid, () -> {
            Message.reader(accountSid).pageSize(1).firstPage(client);
            return Boolean.TRUE; // the page itself (message bodies) is of no use here and is dropped
        });
        if (!read.ok()) {
            Failure f = read.failure();
            LivenessResult result = f.isAnswer(RESTRICTED)
                    ? run.live(null, KeyType.RESTRICTED, null,
                            "key authenticated but may not read messages (70051): a restricted key")
                    : run.fromFailure(f);
            return logged("API key", keySid, result);
        }
        Step<AccountFacts, Failure> account = step(run, API_HOST, accountSid,
                () -> AccountFacts.of(Account.fetcher(accountSid).fetch(client)));
        LivenessResult result;
        if (account.ok()) {
            result = run.live(account.value(), KeyType.MAIN, null,
                    "main API key: reads the account; account " + describe(account.value()));
        } else {
            Failure f = account.failure();
            if (f.kind == Kind.ANSWER && f.httpStatus == 401) {
                // Checked before 70051: Standard keys get 401 on /Accounts, whatever code comes with it.
                result = run.live(null, KeyType.STANDARD, null,
                        "standard API key: reads messages, refused on /Accounts (401)");
            } else if (f.isAnswer(RESTRICTED)) {
                result = run.live(null, KeyType.RESTRICTED, null,
                        "key reads messages but may not read the account (70051): a restricted key");
            } else {
                // Liveness is already proven by the messages read; only the key type stays open.
                result = run.live(null, null, null, "key reads messages; key type unknown: " + f.reason);
            }
        }
        return logged("API key", keySid, result);
    }

    private LivenessResult checkApiKeyWithoutAccount(String keySid, String keySecret) {
        Run run = new Run();
        TwilioRestClient client = clients.forApiKeyWithoutAccount(keySid, keySecret);
        // Without an account SID the key is the only thing to limit concurrency by.
        Step<String, Failure> services = step(run, VERIFY_HOST, keySid,
                () -> revealedAccountSid(Service.reader().pageSize(1).firstPage(client).getRecords()));
        if (services.ok()) {
            String revealed = services.value();
            return run.live(null, null, revealed, revealed == null
                    ? "key accepted by Verify; no Verify service revealed the account SID"
                    : "key accepted by Verify; a Verify service revealed the account SID");
        }
        Failure f = services.failure();
        return f.isAnswer(RESTRICTED)
                ? run.live(null, KeyType.RESTRICTED, null, "key authenticated but may not read Verify services (70051): a restricted key")
                : run.fromFailure(f);
    }

    private static String revealedAccountSid(List<Service> services) {
        // Only the SID is read; Service objects are dropped right here.
        for (Service service : services) {
            String sid = service.getAccountSid();
            if (isAccountSid(sid)) {
                return sid;
            }
        }
        return null;
    }

    // ---- one step: retries, budget, permits, breaker ----

    private <T> Step<T, Failure> step(Run run, String host, String limitKey, Supplier<T> call) {
        return executor.execute(run, host, limitKey, run.deadlineNanos, CLASSIFIER, call);
    }

    /** Sorts an SDK failure: an answer from Twilio, something worth retrying, or an unexpected error. */
    static Failure classify(RuntimeException e, Integer status) {
        if (status == null) {
            IOException io = ioCause(e);
            if (io == null) {
                // Exception messages may quote response bodies; only the type is kept.
                return Failure.error("unexpected error: " + e.getClass().getSimpleName());
            }
            return Failure.transientFailure(null, null, networkReason(io), true);
        }
        if (status >= 200 && status < 300) {
            return Failure.transientFailure(status, null, "unreadable Twilio response (HTTP " + status + ")", true);
        }
        Integer code = e instanceof ApiException api ? api.getCode() : null;
        if (code == null) {
            // Twilio's own errors always carry a JSON body with a code: this came from something in between.
            return Failure.transientFailure(status, null, "HTTP " + status + " without a Twilio error body", true);
        }
        if (status == 429 || code == TOO_MANY_REQUESTS) {
            // Twilio's per-account concurrency limit: the host is fine, the request was never processed.
            return Failure.transientFailure(status, code, "rate limited by Twilio (HTTP " + status + ", code " + code + ")", false);
        }
        if (status >= 500) {
            return Failure.transientFailure(status, code, "Twilio server error (HTTP " + status + ", code " + code + ")", true);
        }
        return Failure.answer(status, code);
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static String networkReason(IOException io) {
        if (io instanceof ConnectTimeoutException) {
            return "timed out connecting to Twilio";
        }
        if (io instanceof SocketTimeoutException) {
            return "timed out waiting for Twilio's response";
        }
        if (io instanceof ConnectException) {
            return "connection to Twilio refused or unreachable";
        }
        if (io instanceof UnknownHostException) {
            return "Twilio host name could not be resolved";
        }
        if (io instanceof SSLException) {
            return "TLS with Twilio failed";
        }
        return "network error talking to Twilio (" + io.getClass().getSimpleName() + ")";
    }

    // ---- results ----

    private LivenessResult notCheckable(String reason) {
        return new LivenessResult(Verdict.NOT_CHECKABLE, null, null, null, null, null, null, null, null, null,
                reason, 0, clock.instant());
    }

    private LivenessResult logged(String kind, String sid, LivenessResult result) {
        // SIDs identify, they do not authenticate; the result holds no secret.
        LOG.debugf("Twilio %s check for %s: %s after %d request(s): %s",
                kind, sid, result.verdict(), result.attempts(), result.reason());
        return result;
    }

    private static String describe(AccountFacts facts) {
        return facts.status == null ? "status unknown" : facts.status.name().toLowerCase();
    }

    static boolean isAccountSid(String sid) {
        return sid != null && TwilioClients.ACCOUNT_SID.matcher(sid).matches();
    }

    /** The SDK's account status as ours; shared with {@link TwilioRotation}. */
    static AccountStatus accountStatus(Account.Status status) {
        return status == null ? null : switch (status) {
            case ACTIVE -> AccountStatus.ACTIVE;
            case SUSPENDED -> AccountStatus.SUSPENDED;
            case CLOSED -> AccountStatus.CLOSED;
        };
    }

    /** State of one check: its deadline and what it has sent so far. */
    private final class Run extends TwilioCallExecutor.Progress {
        final long deadlineNanos = System.nanoTime() + settings.totalBudget().toNanos();

        LivenessResult live(AccountFacts facts, KeyType keyType, String revealedAccountSid, String reason) {
            return new LivenessResult(Verdict.LIVE,
                    facts != null ? facts.sid : revealedAccountSid,
                    facts == null ? null : facts.status,
                    facts == null ? null : facts.type,
                    facts == null ? null : facts.subaccount,
                    facts == null ? null : facts.friendlyName,
                    keyType, revealedAccountSid, lastStatus, lastCode, reason, attempts, clock.instant());
        }

        LivenessResult fromFailure(Failure f) {
            Verdict verdict = Verdict.INDETERMINATE;
            String reason = f.reason;
            if (f.kind == Kind.ANSWER) {
                if (f.httpStatus == 401 && f.code == AUTHENTICATE) {
                    verdict = Verdict.NOT_LIVE;
                    reason = "Twilio rejected the credential (401, 20003): wrong, revoked or deleted, "
                            + "or an API key of another region";
                } else if (f.code == ACCOUNT_SUSPENDED) {
                    reason = "account suspended or closed: Twilio refuses API access (" + f.httpStatus + ", 20403)";
                } else if (f.code == ACCOUNT_NOT_ACTIVE) {
                    reason = "account not active (" + f.httpStatus + ", 20005)";
                } else {
                    reason = "unexpected answer from Twilio (HTTP " + f.httpStatus + ", code " + f.code + ")";
                }
            }
            return new LivenessResult(verdict, null, null, null, null, null, null, null,
                    f.httpStatus, f.code, reason, attempts, clock.instant());
        }
    }

    private record AccountFacts(String sid, AccountStatus status, AccountType type, Boolean subaccount,
                                String friendlyName) {
        /** Copies the few non-secret fields; the Account (whose toString prints the auth token) is dropped. */
        static AccountFacts of(Account account) {
            AccountStatus status = accountStatus(account.getStatus());
            AccountType type = account.getType() == null ? null : switch (account.getType()) {
                case TRIAL -> AccountType.TRIAL;
                case FULL -> AccountType.FULL;
            };
            String sid = account.getSid();
            String owner = account.getOwnerAccountSid();
            Boolean subaccount = sid == null || owner == null ? null : !owner.equals(sid);
            return new AccountFacts(sid, status, type, subaccount, account.getFriendlyName());
        }
    }

    enum Kind {
        /** Twilio answered with an error code that decides (401/20003, 403/20403, 70051, ...). */
        ANSWER,
        /** Worth another try: 429, 5xx, network failure, non-Twilio error body. */
        TRANSIENT,
        /** Transient failures until the attempts or time ran out. */
        GAVE_UP,
        /** Not sent: circuit open or no permit in time. */
        REFUSED,
        /** A failure that retrying will not fix. */
        ERROR
    }

    /** Why a step did not succeed; reasons are written here, never copied from responses or exception messages. */
    record Failure(Kind kind, Integer httpStatus, Integer code, String reason, boolean outage)
            implements TwilioCallExecutor.CallFailure {

        static Failure answer(int status, int code) {
            return new Failure(Kind.ANSWER, status, code, "HTTP " + status + ", code " + code, false);
        }

        static Failure transientFailure(Integer status, Integer code, String reason, boolean outage) {
            return new Failure(Kind.TRANSIENT, status, code, reason, outage);
        }

        static Failure error(String reason) {
            return new Failure(Kind.ERROR, null, null, reason, false);
        }

        static Failure gaveUp(Failure last, String why) {
            return last == null
                    ? new Failure(Kind.GAVE_UP, null, null, why, false)
                    : new Failure(Kind.GAVE_UP, last.httpStatus, last.code, last.reason + "; " + why, false);
        }

        static Failure refused(Failure last, String why) {
            return last == null
                    ? new Failure(Kind.REFUSED, null, null, why, false)
                    : new Failure(Kind.REFUSED, last.httpStatus, last.code, why + " (earlier: " + last.reason + ")", false);
        }

        boolean isAnswer(int twilioCode) {
            return kind == Kind.ANSWER && code != null && code == twilioCode;
        }
    }

    /** Liveness checks only read: every transient failure is tried again. */
    private static final TwilioCallExecutor.Classifier<Failure> CLASSIFIER = new TwilioCallExecutor.Classifier<>() {
        @Override
        public boolean write() {
            return false;
        }

        @Override
        public Failure classify(RuntimeException e, Integer status, boolean sent) {
            return TwilioFacade.classify(e, status);
        }

        @Override
        public Failure unexpectedStatus(int status, String reason) {
            return Failure.transientFailure(status, null, reason, true);
        }

        @Override
        public boolean retryable(Failure failure) {
            return failure.kind == Kind.TRANSIENT;
        }

        @Override
        public Failure refused(Failure last, String why) {
            return Failure.refused(last, why);
        }

        @Override
        public Failure stopped(Failure last, String why) {
            return Failure.gaveUp(last, why);
        }

        @Override
        public Failure gaveUp(Failure failure, String why) {
            return Failure.gaveUp(failure, why);
        }
    };

    /**
     * The per-host circuit breakers and the limiter, shared with {@link TwilioRotation}, so one outage is seen by
     * every caller of that host.
     */
    TwilioGuards guards() {
        return guards;
    }

    /** The limiter (shared with {@link TwilioRotation}), so tests can hold permits. */
    ConcurrencyLimiter limiter() {
        return guards.limiter();
    }

    /** Breaker state of a logical host; for tests. */
    CircuitBreaker.State circuitState(String host) {
        return guards.circuitState(host);
    }
}
