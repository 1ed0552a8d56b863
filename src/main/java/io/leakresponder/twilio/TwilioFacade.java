package io.leakresponder.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.verify.v2.Service;
import static io.leakresponder.twilio.TwilioFailure.ACCOUNT_NOT_ACTIVE;
import static io.leakresponder.twilio.TwilioFailure.ACCOUNT_SUSPENDED;
import static io.leakresponder.twilio.TwilioFailure.RESTRICTED;

import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.LivenessResult.AccountType;
import io.leakresponder.twilio.LivenessResult.KeyType;
import io.leakresponder.twilio.TwilioCallExecutor.Step;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
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
    /** Where the key-only check is asked, as reasons name it. */
    private static final String KEY_ONLY = "on Verify with the key alone";
    static final String VERIFY_HOST = "verify";

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
     * result carries the account's status, type, subaccount flag and friendly name, and the region it works in.
     */
    public LivenessResult checkAuthToken(String accountSid, String authToken) {
        return checkAuthToken(accountSid, authToken, null);
    }

    /**
     * As {@link #checkAuthToken(String, String)}, asking {@code knownRegion} (where the token last worked) first.
     * Credentials are region-specific: a refusal (401, 20003) in one region sends the same request to the next
     * region's hosts, and only a refusal in every region is NOT_LIVE; a region that gave no answer makes it
     * INDETERMINATE.
     */
    public LivenessResult checkAuthToken(String accountSid, String authToken, TwilioRegion knownRegion) {
        checks.increment();
        if (!isAccountSid(accountSid)) {
            return notCheckable("account SID must be AC followed by 32 hex digits");
        }
        if (authToken == null || authToken.isBlank()) {
            return notCheckable("auth token is missing");
        }
        Run run = new Run();
        for (TwilioRegion region : TwilioRegion.tryOrder(knownRegion)) {
            TwilioRestClient client = clients.forAuthToken(accountSid, authToken, region);
            Step<AccountFacts, TwilioFailure> fetch = step(run, host(API_HOST, region), accountSid,
                    () -> AccountFacts.of(Account.fetcher(accountSid).fetch(client)));
            if (fetch.ok()) {
                return logged("auth token", accountSid, run.live(region, fetch.value(), null, null,
                        "auth token accepted" + in(region) + "; account " + describe(fetch.value())));
            }
            if (run.decided(region.code(), fetch.failure())) {
                return logged("auth token", accountSid, run.fromFailure(fetch.failure()));
            }
        }
        return logged("auth token", accountSid, run.refusedEverywhere());
    }

    /** As {@link #checkApiKey(String, String, String, TwilioRegion)} with no region known yet. */
    public LivenessResult checkApiKey(String accountSid, String keySid, String keySecret) {
        return checkApiKey(accountSid, keySid, keySecret, null);
    }

    /**
     * Checks an API key. With the account SID: {@code GET /Accounts/{AC}/Messages.json?PageSize=1} (readable by
     * Main and Standard keys) decides liveness, then {@code GET /Accounts/{AC}.json} tells Main (200) from
     * Standard (401); code 70051 means authenticated but restricted. Each region is asked in turn, {@code
     * knownRegion} first, as for Auth Tokens. A key refused on the account in every region is confirmed with the
     * key-only check before it is NOT_LIVE: a live key paired with the wrong Account SID is refused on that
     * account's paths too. Without an account SID ({@code accountSid} null or blank) only the key-only check runs:
     * {@code GET https://verify.twilio.com/v2/Services}, which may reveal the account SID.
     */
    public LivenessResult checkApiKey(String accountSid, String keySid, String keySecret, TwilioRegion knownRegion) {
        checks.increment();
        if (keySid == null || !TwilioClients.KEY_SID.matcher(keySid).matches()) {
            return notCheckable("key SID must be SK followed by 32 letters or digits");
        }
        if (keySecret == null || keySecret.isBlank()) {
            return notCheckable("key secret is missing");
        }
        Run run = new Run();
        if (accountSid == null || accountSid.isBlank()) {
            LivenessResult keyOnly = checkKeyOnly(run, keySid, keySecret, null);
            return logged("API key", keySid, keyOnly != null ? keyOnly : run.refusedEverywhere());
        }
        if (!isAccountSid(accountSid)) {
            return notCheckable("account SID must be AC followed by 32 hex digits");
        }
        for (TwilioRegion region : TwilioRegion.tryOrder(knownRegion)) {
            TwilioRestClient client = clients.forApiKey(accountSid, keySid, keySecret, region);
            Step<Boolean, TwilioFailure> read = step(run, host(API_HOST, region), accountSid, () -> {
                Message.reader(accountSid).pageSize(1).firstPage(client);
                return Boolean.TRUE; // the page itself (message bodies) is of no use here and is dropped
            });
            if (read.ok()) {
                return logged("API key", keySid, classifyKey(run, region, accountSid, client));
            }
            TwilioFailure f = read.failure();
            if (f.isAnswer(RESTRICTED)) {
                return logged("API key", keySid, run.live(region, null, KeyType.RESTRICTED, null,
                        "key authenticated" + in(region) + " but may not read messages (70051): a restricted key"));
            }
            if (run.decided(region.code(), f)) {
                return logged("API key", keySid, run.fromFailure(f));
            }
        }
        // Refused on the account everywhere: the key may still work on another account (a wrong pairing).
        LivenessResult keyOnly = checkKeyOnly(run, keySid, keySecret, accountSid);
        return logged("API key", keySid, keyOnly != null ? keyOnly : run.refusedEverywhere());
    }

    /** After a key read the account's messages in {@code region}: Main, Standard or Restricted. */
    private LivenessResult classifyKey(Run run, TwilioRegion region, String accountSid, TwilioRestClient client) {
        Step<AccountFacts, TwilioFailure> account = step(run, host(API_HOST, region), accountSid,
                () -> AccountFacts.of(Account.fetcher(accountSid).fetch(client)));
        if (account.ok()) {
            return run.live(region, account.value(), KeyType.MAIN, null,
                    "main API key" + in(region) + ": reads the account; account " + describe(account.value()));
        }
        TwilioFailure f = account.failure();
        if (f.isAnswerStatus(401)) {
            // Checked before 70051: Standard keys get 401 on /Accounts, whatever code comes with it.
            return run.live(region, null, KeyType.STANDARD, null,
                    "standard API key" + in(region) + ": reads messages, refused on /Accounts (401)");
        }
        if (f.isAnswer(RESTRICTED)) {
            return run.live(region, null, KeyType.RESTRICTED, null,
                    "key reads messages" + in(region) + " but may not read the account (70051): a restricted key");
        }
        // Liveness is already proven by the messages read; only the key type stays open.
        return run.live(region, null, null, null, "key reads messages" + in(region) + "; key type unknown: "
                + f.reason());
    }

    /**
     * The key-only check, {@code GET https://verify.twilio.com/v2/Services} as the key alone (Verify is served from
     * US1 only). Returns LIVE or an undecided result, or null when Twilio refused the key here too (the caller
     * then decides from all refusals). {@code pairedAccountSid} is the account the key was refused on, if any.
     */
    private LivenessResult checkKeyOnly(Run run, String keySid, String keySecret, String pairedAccountSid) {
        TwilioRestClient client = clients.forApiKeyWithoutAccount(keySid, keySecret, TwilioRegion.US1);
        // Without a usable account SID the key is the only thing to limit concurrency by.
        Step<String, TwilioFailure> services = step(run, VERIFY_HOST, keySid,
                () -> revealedAccountSid(Service.reader().pageSize(1).firstPage(client).getRecords()));
        String wrongPair = pairedAccountSid == null
                ? ""
                : "key works, but not on account " + pairedAccountSid
                        + " (refused there in every region: the finding paired it with the wrong Account SID); ";
        if (services.ok()) {
            String revealed = services.value();
            return run.live(TwilioRegion.US1, null, null, revealed, wrongPair + (revealed == null
                    ? "key accepted by Verify; no Verify service revealed the account SID"
                    : "key accepted by Verify; a Verify service revealed the account SID"));
        }
        TwilioFailure f = services.failure();
        if (f.isAnswer(RESTRICTED)) {
            return run.live(TwilioRegion.US1, null, KeyType.RESTRICTED, null,
                    wrongPair + "key authenticated but may not read Verify services (70051): a restricted key");
        }
        if (run.decided(KEY_ONLY, f)) {
            return run.fromFailure(f);
        }
        return null;
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

    private <T> Step<T, TwilioFailure> step(Run run, String host, String limitKey, Supplier<T> call) {
        return executor.execute(run, host, limitKey, run.deadlineNanos, CLASSIFIER, call);
    }

    // ---- results ----

    private LivenessResult notCheckable(String reason) {
        return new LivenessResult(Verdict.NOT_CHECKABLE, null, null, null, null, null, null, null, null, null, null,
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

    /** The breaker and limiter name of a product's host in a region: {@code api}, {@code api.ie1}, ... */
    static String host(String product, TwilioRegion region) {
        return region == null || region == TwilioRegion.US1 ? product : product + "." + region.code();
    }

    /** " in ie1" for a regional answer; nothing for US1, the default. */
    private static String in(TwilioRegion region) {
        return region == TwilioRegion.US1 ? "" : " in " + region.code();
    }

    /** Whether the value is an Account SID: AC followed by 32 hex digits. */
    public static boolean isAccountSid(String sid) {
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

    /** State of one check: its deadline, what it has sent so far, and what each region answered. */
    private final class Run extends TwilioCallExecutor.Progress {
        final long deadlineNanos = System.nanoTime() + settings.totalBudget().toNanos();
        /** Regions (and the key-only check) that refused the credential with 401/20003. */
        final List<String> refusedIn = new ArrayList<>();
        TwilioFailure lastRefusal;

        /**
         * Takes in one region's failure. False when it is a refusal (401, 20003), which another region's credential
         * could explain, so the next region must be asked; true when it decides the check: any other answer (a
         * suspended account, a restricted key) or no answer at all, which leaves the verdict open.
         */
        boolean decided(String where, TwilioFailure f) {
            if (f.isRefusedCredential()) {
                refusedIn.add(where);
                lastRefusal = f;
                return false;
            }
            return true;
        }

        /** Every region asked (and the key-only check, for keys) refused the credential. */
        LivenessResult refusedEverywhere() {
            List<String> regions = refusedIn.stream().filter(w -> !w.equals(KEY_ONLY)).toList();
            String where = regions.isEmpty()
                    ? KEY_ONLY
                    : "in every region (" + String.join(", ", regions) + ")"
                            + (refusedIn.contains(KEY_ONLY) ? " and " + KEY_ONLY : "");
            return new LivenessResult(Verdict.NOT_LIVE, null, null, null, null, null, null, null, null,
                    lastRefusal.httpStatus(), lastRefusal.code(), "Twilio rejected the credential (401, 20003) " + where
                            + ": wrong, revoked or deleted",
                    attempts, clock.instant());
        }

        LivenessResult live(TwilioRegion region, AccountFacts facts, KeyType keyType, String revealedAccountSid,
                String reason) {
            return new LivenessResult(Verdict.LIVE, region,
                    facts != null ? facts.sid : revealedAccountSid,
                    facts == null ? null : facts.status,
                    facts == null ? null : facts.type,
                    facts == null ? null : facts.subaccount,
                    facts == null ? null : facts.friendlyName,
                    keyType, revealedAccountSid, lastStatus, lastCode, reason, attempts, clock.instant());
        }

        /** A deciding answer other than a refusal: never NOT_LIVE (a refusal in every region is {@link #refusedEverywhere}). */
        LivenessResult fromFailure(TwilioFailure f) {
            Verdict verdict = Verdict.INDETERMINATE;
            String reason = f.reason();
            if (f.isAnswer(ACCOUNT_SUSPENDED)) {
                reason = "account suspended or closed: Twilio refuses API access (" + f.httpStatus() + ", "
                        + ACCOUNT_SUSPENDED + ")";
            } else if (f.isAnswer(ACCOUNT_NOT_ACTIVE)) {
                reason = "account not active (" + f.httpStatus() + ", " + ACCOUNT_NOT_ACTIVE + ")";
            } else if (f.kind() == TwilioFailure.Kind.ANSWER) {
                reason = "unexpected answer from Twilio (HTTP " + f.httpStatus() + ", code " + f.code() + ")";
            }
            if (!refusedIn.isEmpty()) {
                // Refused in one region and undecided in the next: the credential may be another region's.
                reason = "refused (401, 20003) in " + String.join(", ", refusedIn) + ", then: " + reason;
            }
            return new LivenessResult(verdict, null, null, null, null, null, null, null, null,
                    f.httpStatus(), f.code(), reason, attempts, clock.instant());
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

    /** Liveness checks only read: every transient failure is tried again. */
    private static final TwilioCallExecutor.Classifier<TwilioFailure> CLASSIFIER = new TwilioFailure.Reads();

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
