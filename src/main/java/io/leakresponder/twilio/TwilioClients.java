package io.leakresponder.twilio;

import com.twilio.http.TwilioRestClient;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds per-credential twilio-java clients that all share one transport (pool, timeouts, base-URL routing).
 *
 * <p>Never use the static {@code Twilio.init} or the argument-free {@code fetch()}/{@code read()}: they act on
 * process-wide credentials (even ones read from the environment). Pass the client from here explicitly, e.g.
 * {@code Account.fetcher(ac).fetch(client)}. Clients are cheap; build one per use rather than caching secrets.
 * Calls block: run them on worker threads. The shared transport sends exactly one HTTP request per SDK call
 * (the SDK's 5xx retries are off), so callers own their retries.
 *
 * <p>Never log twilio-java resources: {@code Account}, {@code NewKey}, {@code SecondaryAuthToken} and
 * {@code AuthTokenPromotion} print their secrets in {@code toString()}. Read the getters needed and drop them.
 */
public final class TwilioClients {

    static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    // Twilio key SIDs are hex, but scanners (TruffleHog) accept any alphanumerics; stay as lenient as they are.
    static final Pattern KEY_SID = Pattern.compile("SK[0-9a-zA-Z]{32}");

    private final TwilioTransport transport;

    TwilioClients(TwilioTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Clients over a transport of their own with the default settings, sending every request to {@code baseUrl} (a
     * mock) instead of Twilio; for benchmarks and plain tests that run without CDI. Close it to release the
     * transport's connections.
     */
    public static Standalone standalone(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl must name the mock to send requests to");
        }
        TwilioTransport transport = new TwilioTransport(TwilioSettings.builder().baseUrl(baseUrl).build());
        return new Standalone(new TwilioClients(transport), transport);
    }

    /** {@link TwilioClients} with a transport of their own; see {@link #standalone(String)}. */
    public static final class Standalone implements AutoCloseable {
        private final TwilioClients clients;
        private final TwilioTransport transport;

        private Standalone(TwilioClients clients, TwilioTransport transport) {
            this.clients = clients;
            this.transport = transport;
        }

        public TwilioClients clients() {
            return clients;
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    /** Client authenticating as {@code accountSid:authToken} on the US1 hosts. */
    public TwilioRestClient forAuthToken(String accountSid, String authToken) {
        return forAuthToken(accountSid, authToken, TwilioRegion.US1);
    }

    /** Client authenticating as {@code accountSid:authToken} on the hosts of {@code region} (null: US1). */
    public TwilioRestClient forAuthToken(String accountSid, String authToken, TwilioRegion region) {
        requireAccountSid(accountSid);
        requireSecret(authToken, "authToken");
        return inRegion(new TwilioRestClient.Builder(accountSid, authToken), region)
                .accountSid(accountSid)
                .httpClient(transport)
                .build();
    }

    /** Client for a credential, in the credential's own region. */
    public TwilioRestClient forAuth(TwilioAuth auth) {
        return auth.isApiKey()
                ? forApiKey(auth.accountSid(), auth.keySid(), auth.secret(), auth.region())
                : forAuthToken(auth.accountSid(), auth.secret(), auth.region());
    }

    /**
     * Client authenticating as {@code keySid:keySecret} on {@code accountSid}'s 2010 API paths. The account SID is
     * mandatory: without it the SDK would put the SK into {@code /Accounts/{sid}} paths.
     */
    public TwilioRestClient forApiKey(String accountSid, String keySid, String keySecret) {
        return forApiKey(accountSid, keySid, keySecret, TwilioRegion.US1);
    }

    /** As {@link #forApiKey(String, String, String)}, on the hosts of {@code region} (null: US1). */
    public TwilioRestClient forApiKey(String accountSid, String keySid, String keySecret, TwilioRegion region) {
        requireAccountSid(accountSid);
        return keyOnly(keySid, keySecret, accountSid, region);
    }

    /** Client for an API key whose account is unknown; only usable on v1/v2 hosts (verify, iam, ...). */
    TwilioRestClient forApiKeyWithoutAccount(String keySid, String keySecret, TwilioRegion region) {
        return keyOnly(keySid, keySecret, keySid, region);
    }

    private TwilioRestClient keyOnly(String keySid, String keySecret, String accountSid, TwilioRegion region) {
        if (keySid == null || !KEY_SID.matcher(keySid).matches()) {
            throw new IllegalArgumentException("keySid must be SK followed by 32 letters or digits");
        }
        requireSecret(keySecret, "keySecret");
        return inRegion(new TwilioRestClient.Builder(keySid, keySecret), region)
                .accountSid(accountSid)
                .httpClient(transport)
                .build();
    }

    private static TwilioRestClient.Builder inRegion(TwilioRestClient.Builder builder, TwilioRegion region) {
        // US1 keeps the SDK's default hosts (api.twilio.com); the others become {product}.{edge}.{region}.twilio.com.
        return region == null || region == TwilioRegion.US1
                ? builder
                : builder.region(region.sdkRegion()).edge(region.sdkEdge());
    }

    private static void requireAccountSid(String accountSid) {
        if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
            // Never echo the value: a mis-ordered call could put a secret here.
            throw new IllegalArgumentException("accountSid must be AC followed by 32 hex digits");
        }
    }

    private static void requireSecret(String secret, String name) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
