package io.leakresponder.twilio;

import static io.leakresponder.twilio.TwilioFailure.ACCOUNT_SUSPENDED;
import static io.leakresponder.twilio.TwilioFailure.RESTRICTED;

import com.twilio.base.Page;
import com.twilio.base.Reader;
import com.twilio.base.Resource;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.accounts.v1.AuthTokenPromotion;
import com.twilio.rest.accounts.v1.SecondaryAuthToken;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Key;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.NewKey;
import com.twilio.rest.api.v2010.account.NewKeyCreator;
import com.twilio.rest.api.v2010.account.SigningKey;
import com.twilio.rest.iam.v1.GetApiKeys;
import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.RotationOutcome.Operation;
import io.leakresponder.twilio.RotationOutcome.Status;
import io.leakresponder.twilio.TwilioCallExecutor.Step;
import io.leakresponder.twilio.TwilioFailure.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Rotation and enumeration calls for the incident workflow: the Auth Token's secondary/promote cycle, API key
 * creation and deletion, and the listings that show what a leaked credential may have created (keys,
 * subaccounts). Every call authenticates with the {@link TwilioAuth} it is given and returns a
 * {@link RotationOutcome}; twilio-java resources (whose {@code toString()} prints secrets) are copied into small
 * records at once and never returned or logged. Calls block; use worker threads.
 *
 * <p>Writes (POST, DELETE) are sent again only after answers that prove Twilio did not act: 429 (its concurrency
 * limit rejects before processing) and failures before the request left (connection refused, connect timeout).
 * A 5xx, a response timeout, a connection lost after sending or an unreadable success ends the call at once with
 * {@link Status#UNKNOWN_OUTCOME}, so the caller can reconcile rather than create a second key or promote twice.
 * Reads retry 429, 5xx and network failures like the liveness facade does.
 *
 * <p>Shares with {@link TwilioFacade} the transport (through {@link TwilioClients}), the per-host circuit breakers
 * and the concurrency limiter, so liveness checks and rotation of one account never exceed its request limit
 * together, and one outage opens one circuit for both. The time budget ({@code totalBudget}) applies to each
 * request step (one write, one page, one follow-up check); a write is only sent with a full read timeout (at most
 * half the budget) left to wait for its response, since a wait cut short would make its outcome unknown.
 */
@ApplicationScoped
public class TwilioRotation {

    private static final Logger LOG = Logger.getLogger(TwilioRotation.class);

    static final String API_HOST = TwilioFacade.API_HOST;
    static final String ACCOUNTS_HOST = "accounts";
    /** Twilio's largest page. */
    static final int PAGE_SIZE = 1000;
    /** A million records; past it something loops (a mock whose next page never ends, say). */
    static final int MAX_PAGES = 1000;
    /** Twilio's limit for a key's friendly name. */
    static final int MAX_FRIENDLY_NAME = 64;

    private static final String NEEDS_MAIN = "needs a Main API key or the account's Auth Token";

    private final TwilioSettings settings;
    private final TwilioClients clients;
    private final TwilioGuards guards;
    private final TwilioCallExecutor executor;
    private final Clock clock;

    private final LongAdder calls = new LongAdder();
    private final LongAdder unknownOutcomes = new LongAdder();

    @Inject
    TwilioRotation(TwilioSettings settings, TwilioClients clients, TwilioFacade facade) {
        this(settings, clients, facade, Clock.systemUTC());
    }

    /** Plain construction without CDI (tests): share the breakers and limiter of {@code facade}. */
    TwilioRotation(TwilioSettings settings, TwilioClients clients, TwilioFacade facade, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.guards = facade.guards();
        this.executor = new TwilioCallExecutor(settings, guards, LOG);
        this.clock = clock;
    }

    // ---- results ----

    /** A new secondary Auth Token; it authenticates alongside the primary until promoted or deleted. */
    public record NewSecondaryToken(String accountSid, TwilioSecret token, Instant dateCreated) {
    }

    /** The account's new primary Auth Token (the former secondary); the previous primary no longer works. */
    public record PromotedToken(String accountSid, TwilioSecret authToken, Instant dateUpdated) {
    }

    /** A new (Standard) API key; Twilio shows its secret only in this one response. */
    public record NewApiKey(String keySid, String friendlyName, TwilioSecret secret, Instant dateCreated) {
    }

    /** An API key of the account, as listed (the list holds no secrets and no key type). */
    public record ApiKeyInfo(String sid, String friendlyName, Instant dateCreated) {
    }

    /** A subaccount, without its auth token (which Twilio's listing includes). */
    public record SubaccountInfo(String sid, String friendlyName, AccountStatus status, Instant dateCreated,
            String ownerAccountSid) {
    }

    /** Counters since start, without a metrics dependency. */
    public record Counters(long calls, long requests, long retries, long unknownOutcomes, long circuitRejections,
            long busyRejections) {
    }

    public Counters counters() {
        return new Counters(calls.sum(), executor.requests(), executor.retries(), unknownOutcomes.sum(),
                executor.circuitRejections(), executor.busyRejections());
    }

    // ---- Auth Token rotation ----

    /**
     * {@code POST https://accounts.twilio.com/v1/AuthTokens/Secondary}: creates a secondary Auth Token for
     * {@code auth}'s account. On UNKNOWN_OUTCOME a secondary may exist whose value is lost: delete it, never promote.
     */
    public RotationOutcome<NewSecondaryToken> createSecondaryAuthToken(TwilioAuth auth) {
        Call call = begin(Operation.CREATE_SECONDARY_AUTH_TOKEN, auth);
        Step<NewSecondaryToken, TwilioFailure> step = step(call, ACCOUNTS_HOST, true, client -> {
            SecondaryAuthToken created = SecondaryAuthToken.creator().create(client);
            return new NewSecondaryToken(created.getAccountSid(), TwilioSecret.of(created.getSecondaryAuthToken()),
                    instant(created.getDateCreated()));
        });
        if (step.ok()) {
            return call.ok(step.value(), "secondary auth token created; it authenticates alongside the primary "
                    + "until promoted or deleted");
        }
        return call.failed(step.failure(), "no secondary auth token to create one for",
                "a secondary auth token may now exist but its value is lost: delete the secondary token, then "
                        + "create a new one; never promote it");
    }

    /**
     * {@code POST https://accounts.twilio.com/v1/AuthTokens/Promote}: the secondary Auth Token becomes the primary and
     * the previous primary stops working at once (so {@code auth}, when it is that token, is dead afterwards).
     * Webhook signatures are computed with the new token from then on. On UNKNOWN_OUTCOME, check which of the
     * old primary and the secondary still authenticate ({@link #currentTokenAuthenticates}).
     */
    public RotationOutcome<PromotedToken> promoteSecondaryAuthToken(TwilioAuth auth) {
        Call call = begin(Operation.PROMOTE_SECONDARY_AUTH_TOKEN, auth);
        Step<PromotedToken, TwilioFailure> step = step(call, ACCOUNTS_HOST, true, client -> {
            AuthTokenPromotion promoted = AuthTokenPromotion.updater().update(client);
            return new PromotedToken(promoted.getAccountSid(), TwilioSecret.of(promoted.getAuthToken()),
                    instant(promoted.getDateUpdated()));
        });
        if (step.ok()) {
            return call.ok(step.value(),
                    "secondary auth token promoted to primary; the previous primary no longer works");
        }
        return call.failed(step.failure(), "nothing to promote: most likely the account has no secondary auth token",
                "the promotion may have happened: check whether the old primary still authenticates and whether "
                        + "the secondary does");
    }

    /** {@code DELETE https://accounts.twilio.com/v1/AuthTokens/Secondary}: discards the secondary Auth Token. */
    public RotationOutcome<Void> deleteSecondaryAuthToken(TwilioAuth auth) {
        Call call = begin(Operation.DELETE_SECONDARY_AUTH_TOKEN, auth);
        Step<Boolean, TwilioFailure> step = step(call, ACCOUNTS_HOST, true,
                client -> SecondaryAuthToken.deleter().delete(client));
        if (step.ok()) {
            return call.ok(null, "secondary auth token deleted");
        }
        return call.failed(step.failure(), "no secondary auth token: already deleted or never created",
                "the secondary token may be deleted already: repeating the delete is harmless (NOT_FOUND then "
                        + "means it is gone)");
    }

    // ---- API keys ----

    /**
     * {@code POST /2010-04-01/Accounts/{AC}/Keys.json} with {@code FriendlyName}: creates a Standard API key.
     * {@code friendlyName} may be null; at most 64 characters. On UNKNOWN_OUTCOME a key may exist whose secret is
     * lost: list the keys and delete the new one with this friendly name.
     */
    public RotationOutcome<NewApiKey> createApiKey(TwilioAuth auth, String friendlyName) {
        Call call = begin(Operation.CREATE_API_KEY, auth);
        if (friendlyName != null && (friendlyName.isBlank() || friendlyName.length() > MAX_FRIENDLY_NAME)) {
            return call.invalid("friendly name must be null or 1 to " + MAX_FRIENDLY_NAME + " characters, not blank");
        }
        Step<NewApiKey, TwilioFailure> step = step(call, API_HOST, true, client -> {
            NewKeyCreator creator = NewKey.creator(auth.accountSid());
            if (friendlyName != null) {
                creator.setFriendlyName(friendlyName);
            }
            NewKey created = creator.create(client);
            if (created.getSid() == null) {
                throw new IllegalStateException("Twilio response lacks the key SID");
            }
            return new NewApiKey(created.getSid(), created.getFriendlyName(), TwilioSecret.of(created.getSecret()),
                    instant(created.getDateCreated()));
        });
        if (step.ok()) {
            return call.ok(step.value(), "API key " + step.value().keySid() + " created; its secret is shown only now");
        }
        return call.failed(step.failure(), "account not found",
                "a key may have been created whose secret is lost: list the keys and delete any new one named "
                        + (friendlyName == null ? "(no friendly name)" : "'" + friendlyName + "'"));
    }

    /**
     * {@code DELETE /2010-04-01/Accounts/{AC}/Keys/{SK}.json}. NOT_FOUND means the key is already gone (or never
     * belonged to this account). Deleting the key {@code auth} uses is allowed and ends that credential.
     */
    public RotationOutcome<Void> deleteApiKey(TwilioAuth auth, String keySid) {
        Call call = begin(Operation.DELETE_API_KEY, auth);
        if (keySid == null || !TwilioClients.KEY_SID.matcher(keySid).matches()) {
            return call.invalid("key SID must be SK followed by 32 letters or digits");
        }
        Step<Boolean, TwilioFailure> step = step(call, API_HOST, true,
                client -> Key.deleter(auth.accountSid(), keySid).delete(client));
        if (step.ok()) {
            return call.ok(null, "API key " + keySid + " deleted");
        }
        return call.failed(step.failure(), "API key " + keySid + " not found: already deleted, or not a key of "
                + auth.accountSid(),
                "the key may be deleted already: repeating the delete is harmless (NOT_FOUND then means it is gone)");
    }

    // ---- enumeration ----

    /**
     * All API keys of the account ({@code GET /2010-04-01/Accounts/{AC}/Keys.json}, PageSize 1000, every page), e.g.
     * to find keys created during the exposure window. Needs the Auth Token or a Main key. The value is null unless
     * every page was read: a partial list must not pass for a complete one.
     */
    public RotationOutcome<List<ApiKeyInfo>> listApiKeys(TwilioAuth auth) {
        Call call = begin(Operation.LIST_API_KEYS, auth);
        return readAll(call, Key.reader(auth.accountSid()).pageSize(PAGE_SIZE),
                key -> new ApiKeyInfo(key.getSid(), key.getFriendlyName(), instant(key.getDateCreated())),
                info -> true, "API key(s)");
    }

    /**
     * The account's API keys as the IAM API lists them ({@code GET https://iam.twilio.com/v1/Keys?AccountSid=AC},
     * every page): unlike the 2010 list it includes restricted keys, which are made only there. Needs the Auth Token
     * or a Main key. The value is null unless every page was read.
     */
    public RotationOutcome<List<ApiKeyInfo>> listIamKeys(TwilioAuth auth) {
        Call call = begin(Operation.LIST_IAM_KEYS, auth);
        return readAll(call, GetApiKeys.reader(auth.accountSid()).pageSize(PAGE_SIZE),
                key -> new ApiKeyInfo(key.getSid(), key.getFriendlyName(), instant(key.getDateCreated())),
                info -> true, "IAM API key(s)");
    }

    /**
     * The account's signing keys ({@code GET /2010-04-01/Accounts/{AC}/SigningKeys.json}, every page): they also
     * start with SK, sign Access Tokens, and an attacker holding the account can make them too.
     */
    public RotationOutcome<List<ApiKeyInfo>> listSigningKeys(TwilioAuth auth) {
        Call call = begin(Operation.LIST_SIGNING_KEYS, auth);
        return readAll(call, SigningKey.reader(auth.accountSid()).pageSize(PAGE_SIZE),
                key -> new ApiKeyInfo(key.getSid(), key.getFriendlyName(), instant(key.getDateCreated())),
                info -> true, "signing key(s)");
    }

    /** {@code DELETE https://iam.twilio.com/v1/Keys/{SK}}: for keys only the IAM API lists (restricted keys). */
    public RotationOutcome<Void> deleteIamKey(TwilioAuth auth, String keySid) {
        return deleteKey(Operation.DELETE_IAM_KEY, auth, keySid, "iam",
                client -> com.twilio.rest.iam.v1.ApiKey.deleter(keySid).delete(client));
    }

    /** {@code DELETE /2010-04-01/Accounts/{AC}/SigningKeys/{SK}.json}. */
    public RotationOutcome<Void> deleteSigningKey(TwilioAuth auth, String keySid) {
        return deleteKey(Operation.DELETE_SIGNING_KEY, auth, keySid, API_HOST,
                client -> SigningKey.deleter(auth.accountSid(), keySid).delete(client));
    }

    private RotationOutcome<Void> deleteKey(Operation op, TwilioAuth auth, String keySid, String host,
            Function<TwilioRestClient, Boolean> delete) {
        Call call = begin(op, auth);
        if (keySid == null || !TwilioClients.KEY_SID.matcher(keySid).matches()) {
            return call.invalid("key SID must be SK followed by 32 letters or digits");
        }
        Step<Boolean, TwilioFailure> step = step(call, host, true, delete);
        if (step.ok()) {
            return call.ok(null, "key " + keySid + " deleted");
        }
        return call.failed(step.failure(), "key " + keySid + " not found: already deleted, or not a key of "
                + auth.accountSid(), "the key may be deleted already: repeating the delete is harmless");
    }

    /**
     * The account's subaccounts ({@code GET /2010-04-01/Accounts.json}, PageSize 1000, every page; the authenticating
     * account itself is left out), e.g. to find subaccounts created during the exposure window. Needs the Auth
     * Token or a Main key. Twilio's listing includes each subaccount's auth token; it is dropped unread.
     */
    public RotationOutcome<List<SubaccountInfo>> listSubaccounts(TwilioAuth auth) {
        Call call = begin(Operation.LIST_SUBACCOUNTS, auth);
        return readAll(call, Account.reader().pageSize(PAGE_SIZE),
                account -> new SubaccountInfo(account.getSid(), account.getFriendlyName(),
                        TwilioFacade.accountStatus(account.getStatus()), instant(account.getDateCreated()),
                        account.getOwnerAccountSid()),
                info -> !auth.accountSid().equals(info.sid()), "subaccount(s)");
    }

    /**
     * A subaccount's own Auth Token, read with its main account's Auth Token ({@code GET
     * /2010-04-01/Accounts/{sub}.json}), for the v1 APIs (Monitor) that act on the account the credential belongs
     * to: {@code sub:mainToken} is not a credential Twilio knows. The token stays in the returned {@link TwilioAuth}
     * (whose {@code toString()} hides it) and the Account resource is dropped unlogged. An API key cannot do this:
     * Twilio refuses a main account's keys on its subaccounts' resources (FORBIDDEN without a request).
     */
    public RotationOutcome<TwilioAuth> subaccountAuth(TwilioAuth main, String subaccountSid) {
        Call call = begin(Operation.FETCH_SUBACCOUNT_CREDENTIAL, main);
        if (!TwilioFacade.isAccountSid(subaccountSid)) {
            return call.invalid("subaccount SID must be AC followed by 32 hex digits");
        }
        if (main.isApiKey()) {
            return call.outcome(Status.FORBIDDEN, null, null, null, "the " + main.describe() + " cannot act on "
                    + "subaccount " + subaccountSid + ": Twilio refuses a main account's API keys on its subaccounts' "
                    + "resources; only the main account's Auth Token can read the subaccount's credential");
        }
        Step<TwilioAuth, TwilioFailure> step = step(call, API_HOST, false, client -> {
            Account sub = Account.fetcher(subaccountSid).fetch(client); // never logged: it holds the auth token
            if (!subaccountSid.equals(sub.getSid()) || sub.getAuthToken() == null || sub.getAuthToken().isBlank()) {
                throw new IllegalStateException("Twilio response lacks the subaccount's SID or auth token");
            }
            return TwilioAuth.authToken(subaccountSid, sub.getAuthToken()).in(main.region());
        });
        if (step.ok()) {
            return call.ok(step.value(), "read the auth token of subaccount " + subaccountSid + " with the "
                    + main.describe());
        }
        return call.failed(step.failure(), "subaccount " + subaccountSid + " not found under " + main.accountSid(),
                null);
    }

    /**
     * Whether {@code auth} still authenticates: {@code GET /2010-04-01/Accounts/{AC}.json}, and for an API key that
     * gets 401 there (Standard keys do) also {@code GET .../Messages.json?PageSize=1}. Value TRUE with OK, FALSE with
     * UNAUTHORIZED (the credential no longer works, e.g. rotated outside the workflow), null when undecided.
     */
    public RotationOutcome<Boolean> currentTokenAuthenticates(TwilioAuth auth) {
        Call call = begin(Operation.CHECK_AUTHENTICATES, auth);
        Step<Boolean, TwilioFailure> step = step(call, API_HOST, false, client -> {
            Account.fetcher(auth.accountSid()).fetch(client); // dropped at once: it holds the auth token
            return Boolean.TRUE;
        });
        if (step.ok()) {
            return call.ok(Boolean.TRUE, "Twilio accepted the " + auth.describe() + " (it reads the account)");
        }
        TwilioFailure f = step.failure();
        if (f.kind() != Kind.ANSWER) {
            return call.fromFailure(f, false, null);
        }
        if (f.isAnswer(RESTRICTED)) {
            return call.outcome(Status.OK, Boolean.TRUE, f.httpStatus(), f.code(),
                    "Twilio authenticated the " + auth.describe() + " but it may not read the account (70051): "
                            + "a restricted key");
        }
        if (f.httpStatus() == 401 && auth.isApiKey()) {
            Step<Boolean, TwilioFailure> probe = readsMessages(call);
            if (probe.ok()) {
                return call.outcome(Status.OK, Boolean.TRUE, call.lastStatus, null, "Twilio accepted the "
                        + auth.describe() + ": it reads messages but not the account (a Standard key)");
            }
            TwilioFailure p = probe.failure();
            if (p.isAnswer(RESTRICTED)) {
                return call.outcome(Status.OK, Boolean.TRUE, p.httpStatus(), p.code(), "Twilio authenticated the "
                        + auth.describe()
                        + " but it may read neither the account nor messages (70051): a restricted key");
            }
            if (p.kind() == Kind.ANSWER && p.httpStatus() == 401) {
                return call.outcome(Status.UNAUTHORIZED, Boolean.FALSE, p.httpStatus(), p.code(), rejected(auth, p));
            }
            return call.outcome(p.kind() == Kind.ANSWER ? Status.FORBIDDEN : statusOf(p, false), null, p.httpStatus(),
                    p.code(), "the " + auth.describe() + " was refused on the account (401, code " + f.code()
                            + ") and the follow-up messages read did not decide: " + p.reason());
        }
        if (f.httpStatus() == 401) {
            return call.outcome(Status.UNAUTHORIZED, Boolean.FALSE, f.httpStatus(), f.code(), rejected(auth, f));
        }
        return call.answered(f, "account not found", null);
    }

    // ---- paging ----

    private <R extends Resource, V> RotationOutcome<List<V>> readAll(Call call, Reader<R> reader, Function<R, V> copy,
            Predicate<V> keep, String noun) {
        List<V> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String next = null;
        for (int page = 1;; page++) {
            String url = next;
            Step<PageCopy<V>, TwilioFailure> step = step(call, API_HOST, false, client -> {
                Page<R> read = url == null ? reader.firstPage(client) : reader.getPage(url, client);
                // Records are copied here and the page (for accounts: with auth tokens) is dropped.
                List<V> copies = new ArrayList<>(read.getRecords().size());
                for (R record : read.getRecords()) {
                    copies.add(copy.apply(record));
                }
                return new PageCopy<>(copies, read.hasNextPage() ? read.getNextPageUrl(API_HOST) : null);
            });
            if (!step.ok()) {
                TwilioFailure f = step.failure();
                return call.failed(f.withReason("page " + page + ": " + f.reason()), "account not found", null);
            }
            for (V item : step.value().items()) {
                if (keep.test(item)) {
                    items.add(item);
                }
            }
            next = step.value().next();
            if (next == null) {
                return call.ok(List.copyOf(items), items.size() + " " + noun + " in " + page + " page(s)");
            }
            if (!seen.add(next) || page >= MAX_PAGES) {
                return call.outcome(Status.ERROR, null, call.lastStatus, null, "Twilio's paging does not end (page "
                        + page + " points to a page already read, or more than " + MAX_PAGES + " pages)");
            }
        }
    }

    private record PageCopy<V>(List<V> items, String next) {
    }

    // ---- one step: retries, budget, permits, breaker ----

    /**
     * Runs one request with retries. Writes repeat only after failures that prove Twilio did not act (429, not
     * sent); reads also after 5xx and network failures. Each step has the whole time budget.
     */
    private <T> Step<T, TwilioFailure> step(Call call, String host, boolean write,
            Function<TwilioRestClient, T> request) {
        long deadline = System.nanoTime() + settings.totalBudget().toNanos();
        return executor.execute(call, host, call.auth.accountSid(), deadline, write ? Policy.WRITES : Policy.READS,
                () -> request.apply(call.client));
    }

    /** Whether an API key authenticates at all: Main and Standard keys may read messages. */
    private Step<Boolean, TwilioFailure> readsMessages(Call call) {
        return step(call, API_HOST, false, client -> {
            Message.reader(call.auth.accountSid()).pageSize(1).firstPage(client); // messages are of no use; dropped
            return Boolean.TRUE;
        });
    }

    private static String rejected(TwilioAuth auth, TwilioFailure f) {
        return auth.isApiKey()
                ? "Twilio rejected the " + auth.describe() + " (401, code " + f.code() + "): it no longer works "
                        + "(deleted or wrong), or it is a key of another region"
                : "Twilio rejected the " + auth.describe() + " (401, code " + f.code() + "): it no longer works, "
                        + "e.g. it was rotated outside this workflow";
    }

    static Status statusOf(TwilioFailure f, boolean write) {
        return switch (f.kind()) {
            case RATE_LIMITED -> Status.RATE_LIMITED;
            // Rotation's classifier says AMBIGUOUS for what may have passed; TRANSIENT, REFUSED and GAVE_UP are the
            // other callers' kinds.
            case NOT_SENT, TRANSIENT, REFUSED, GAVE_UP -> Status.UNAVAILABLE;
            case AMBIGUOUS -> write ? Status.UNKNOWN_OUTCOME : Status.UNAVAILABLE;
            case ERROR -> Status.ERROR;
            case ANSWER -> throw new IllegalArgumentException("answers are mapped by their status and code");
        };
    }

    private static Instant instant(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }

    // ---- one call ----

    private Call begin(Operation op, TwilioAuth auth) {
        Objects.requireNonNull(auth, "auth");
        calls.increment();
        return new Call(op, auth, clients.forAuth(auth));
    }

    /** State of one call: the credential, its client and what has been sent so far. */
    private final class Call extends TwilioCallExecutor.Progress {
        final Operation op;
        final TwilioAuth auth;
        final TwilioRestClient client;

        Call(Operation op, TwilioAuth auth, TwilioRestClient client) {
            this.op = op;
            this.auth = auth;
            this.client = client;
        }

        <T> RotationOutcome<T> ok(T value, String reason) {
            return outcome(Status.OK, value, lastStatus, null, reason);
        }

        <T> RotationOutcome<T> invalid(String reason) {
            return outcome(Status.INVALID_INPUT, null, null, null, reason + "; nothing sent");
        }

        /**
         * A failed step. {@code unknownHint} tells a write's caller how to reconcile an UNKNOWN_OUTCOME; reads pass
         * null.
         */
        <T> RotationOutcome<T> failed(TwilioFailure f, String notFound, String unknownHint) {
            if (f.kind() == Kind.ANSWER) {
                return answered(f, notFound, null);
            }
            return fromFailure(f, op.isWrite(), unknownHint);
        }

        <T> RotationOutcome<T> fromFailure(TwilioFailure f, boolean write, String unknownHint) {
            Status status = statusOf(f, write);
            String reason = switch (status) {
                case UNKNOWN_OUTCOME -> "Twilio may or may not have carried out the request (" + f.reason()
                        + "); it was not repeated: " + unknownHint;
                case RATE_LIMITED, UNAVAILABLE -> f.reason() + (op.isWrite() ? "; nothing was changed" : "");
                default -> f.reason();
            };
            return outcome(status, null, f.httpStatus(), f.code(), reason);
        }

        /** Twilio answered with an error: nothing was changed. */
        <T> RotationOutcome<T> answered(TwilioFailure f, String notFound, T value) {
            String codes = "(HTTP " + f.httpStatus() + ", code " + f.code() + ")";
            if (f.isAnswer(RESTRICTED)) {
                return outcome(Status.FORBIDDEN, value, f.httpStatus(), f.code(), "the " + auth.describe() + " may not "
                        + op.description() + " " + codes + ": " + NEEDS_MAIN);
            }
            if (f.httpStatus() == 401) {
                return auth.isApiKey()
                        ? keyRefused(f)
                        : outcome(Status.UNAUTHORIZED, value, f.httpStatus(), f.code(),
                                rejected(auth, f));
            }
            if (f.httpStatus() == 403) {
                String reason = auth.isApiKey()
                        ? "the " + auth.describe() + " may not " + op.description() + " " + codes + ": " + NEEDS_MAIN
                        : Objects.equals(f.code(), ACCOUNT_SUSPENDED)
                                ? "Twilio refuses API access to " + auth.accountSid() + " " + codes
                                        + ": the account is suspended or closed"
                                : "Twilio refused to " + op.description() + " for " + auth.accountSid() + " " + codes;
                return outcome(Status.FORBIDDEN, value, f.httpStatus(), f.code(), reason);
            }
            if (f.httpStatus() == 404) {
                return outcome(Status.NOT_FOUND, value, f.httpStatus(), f.code(), notFound + " " + codes);
            }
            return outcome(Status.REJECTED, value, f.httpStatus(), f.code(), "Twilio refused to " + op.description()
                    + " " + codes);
        }

        /**
         * A key refused with 401 is either dead or a Standard key on a call only Main keys may make (Twilio answers
         * both alike); a messages read, which Standard keys may make, tells them apart.
         */
        private <T> RotationOutcome<T> keyRefused(TwilioFailure f) {
            String refused = "Twilio refused to " + op.description() + " with the " + auth.describe()
                    + " (401, code " + f.code() + ")";
            Step<Boolean, TwilioFailure> probe = readsMessages(this);
            if (probe.ok()) {
                return outcome(Status.FORBIDDEN, null, f.httpStatus(), f.code(), refused
                        + "; the key does read messages, so it is a Standard key: " + NEEDS_MAIN);
            }
            TwilioFailure p = probe.failure();
            if (p.isAnswer(RESTRICTED)) {
                return outcome(Status.FORBIDDEN, null, f.httpStatus(), f.code(), refused
                        + "; the key authenticates but is restricted (70051): " + NEEDS_MAIN);
            }
            if (p.kind() == Kind.ANSWER && p.httpStatus() == 401) {
                return outcome(Status.UNAUTHORIZED, null, f.httpStatus(), f.code(), rejected(auth, f)
                        + "; a messages read was rejected too");
            }
            if (p.kind() == Kind.ANSWER) {
                return outcome(Status.FORBIDDEN, null, f.httpStatus(), f.code(), refused
                        + "; a messages read was refused too (HTTP " + p.httpStatus() + ", code " + p.code() + "): "
                        + NEEDS_MAIN);
            }
            return outcome(statusOf(p, false), null, f.httpStatus(), f.code(), refused + ": the key no longer works or "
                    + "is a Standard key (" + NEEDS_MAIN + "); telling which failed: " + p.reason()
                    + "; nothing was changed");
        }

        <T> RotationOutcome<T> outcome(Status status, T value, Integer httpStatus, Integer code, String reason) {
            RotationOutcome<T> outcome = new RotationOutcome<>(op, status, value, httpStatus, code, reason, attempts,
                    clock.instant());
            // SIDs identify, they do not authenticate; reasons are written here and hold no secret; values are not logged.
            String format = "Twilio %s on %s with %s: %s after %d request(s): %s";
            Object[] args = {op, auth.accountSid(), auth.isApiKey() ? auth.keySid() : "auth token", status, attempts,
                    reason};
            if (status == Status.UNKNOWN_OUTCOME) {
                unknownOutcomes.increment();
                LOG.warnf(format, args);
            } else if (op.isWrite()) {
                LOG.infof(format, args);
            } else {
                LOG.debugf(format, args);
            }
            return outcome;
        }
    }

    // ---- internal types ----

    /** How rotation sorts failures: a write is only sent again when Twilio cannot have acted on it. */
    private record Policy(boolean write) implements TwilioCallExecutor.Classifier<TwilioFailure> {

        static final Policy READS = new Policy(false);
        static final Policy WRITES = new Policy(true);

        @Override
        public TwilioFailure classify(RuntimeException e, Integer status, boolean sent) {
            return TwilioFailure.classifyActing(e, status, sent, write);
        }

        @Override
        public TwilioFailure unexpectedStatus(int status, String reason) {
            return TwilioFailure.unexpectedStatus(Kind.AMBIGUOUS, status, reason);
        }

        @Override
        public boolean retryable(TwilioFailure failure) {
            return switch (failure.kind()) {
                case RATE_LIMITED, NOT_SENT -> true;
                case AMBIGUOUS -> !write;
                default -> false;
            };
        }

        @Override
        public TwilioFailure refused(TwilioFailure last, String why) {
            return TwilioFailure.notSent(last, why);
        }

        @Override
        public TwilioFailure stopped(TwilioFailure last, String why) {
            return TwilioFailure.notSent(last, why);
        }

        @Override
        public TwilioFailure gaveUp(TwilioFailure failure, String why) {
            return failure.withReason(failure.reason() + "; " + why);
        }
    }

    /** Breaker state of a logical host; for tests. */
    CircuitBreaker.State circuitState(String host) {
        return guards.breaker(host).state();
    }
}
