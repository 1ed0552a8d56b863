package io.leakresponder.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' one Twilio: an in-JVM WireMock standing in for every Twilio host behind the real twilio-java client,
 * which the application's transport routes to it (the {@code leak-responder.twilio.base-url} setting; the Twilio
 * host meant travels in {@code X-Forwarded-Host}), with Twilio-shaped stubs.
 *
 * <p>Every 2xx stub here answers only the credential Twilio would accept (matched on the Basic auth header);
 * outages (429, 5xx) are for any credential, as Twilio's are, and say so. Three ways to get one:
 * <ul>
 *   <li>{@link #shared()}: the one every {@code @QuarkusTest} talks to (registered below as a test resource for
 *       all of them). Unstubbed requests meet a 503, so background checks of ingested credentials stay
 *       INDETERMINATE and change nothing; {@link #reset()} goes back to that.</li>
 *   <li>{@link #readOnly()}: for the liveness facade, which only ever reads. Every non-GET any read-only double
 *       receives is kept for the whole test JVM, and {@link #close()} fails the test class if there is one.</li>
 *   <li>{@link #writable()}: for rotation and usage pulls.</li>
 * </ul>
 * The last two refuse anything unstubbed as Twilio refuses a credential it does not accept (401, code 20003).
 * Registered as a JUnit extension ({@code @RegisterExtension static final}), a double resets before each test
 * and stops after the class; otherwise close it.
 */
@QuarkusTestResource(value = TwilioDouble.class, restrictToAnnotatedClass = false)
public final class TwilioDouble
        implements
            QuarkusTestResourceLifecycleManager,
            BeforeEachCallback,
            AfterAllCallback,
            AutoCloseable {

    public static final String ACCOUNTS_PATH = "/2010-04-01/Accounts.json";
    public static final String SECONDARY_PATH = "/v1/AuthTokens/Secondary";
    public static final String PROMOTE_PATH = "/v1/AuthTokens/Promote";
    public static final String EVENTS_PATH = "/v1/Events";
    public static final String ALERTS_PATH = "/v1/Alerts";
    public static final String VERIFY_SERVICES_PATH = "/v2/Services";
    /** The header the transport names the Twilio host in. */
    public static final String FORWARDED_HOST = "X-Forwarded-Host";

    private static final Queue<String> NON_GET_REQUESTS = new ConcurrentLinkedQueue<>();
    private static volatile TwilioDouble shared;

    private final boolean quarkus;
    private final boolean readOnly;
    private final TwilioInFlightProbe probe = new TwilioInFlightProbe();
    private final List<AutoCloseable> closeAfterAll = new ArrayList<>();
    private WireMockServer server;

    /** Quarkus's instance, {@link #shared()}; started by Quarkus. */
    public TwilioDouble() {
        this.quarkus = true;
        this.readOnly = false;
    }

    private TwilioDouble(boolean readOnly) {
        this.quarkus = false;
        this.readOnly = readOnly;
        WireMockConfiguration options = options().dynamicPort().containerThreads(64);
        server = new WireMockServer(
                readOnly ? options.extensions(probe, new NonGetRecorder()) : options.extensions(probe));
        server.start();
        reset();
    }

    /** A started double for code that only reads; see the class comment. */
    public static TwilioDouble readOnly() {
        return new TwilioDouble(true);
    }

    /** A started double that takes writes too. */
    public static TwilioDouble writable() {
        return new TwilioDouble(false);
    }

    /** The double of the running {@code @QuarkusTest}. */
    public static TwilioDouble shared() {
        return shared;
    }

    // ---- life cycle ----

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().containerThreads(40));
        server.start();
        shared = this;
        reset();
        return Map.of("leak-responder.twilio.base-url", baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            for (AutoCloseable c : closeAfterAll) {
                c.close();
            }
        } finally {
            close();
        }
    }

    /** Closes {@code resource} (a client wired to this double, say) after the test class, before the double stops. */
    public <T extends AutoCloseable> T closeAfterAll(T resource) {
        closeAfterAll.add(resource);
        return resource;
    }

    @Override
    public void close() {
        server.stop();
        if (readOnly && !NON_GET_REQUESTS.isEmpty()) {
            throw new AssertionError("Twilio mock received non-GET requests: " + NON_GET_REQUESTS);
        }
    }

    /** Clears stubs, request journal and probe; then only the default answer is left (see the class comment). */
    public void reset() {
        server.resetAll();
        probe.reset(0);
        if (quarkus) {
            // An outage, for any credential: nothing unstubbed ever decides a verdict.
            server.stubFor(any(anyUrl()).atPriority(100).willReturn(twilioError(503, 20503, "Service unavailable")));
        } else {
            server.stubFor(any(anyUrl()).atPriority(100).willReturn(refused()));
        }
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    public TwilioInFlightProbe probe() {
        return probe;
    }

    /** A stub of the test's own; it must follow Twilio's documented behaviour like the ones here. */
    public StubMapping stubFor(MappingBuilder stub) {
        return server.stubFor(stub);
    }

    public List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    /** Hosts the requests were sent to (the Twilio host meant, as the transport forwards it), in order. */
    public List<String> hostsAsked() {
        return requests().stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> r.getHeader(FORWARDED_HOST)).toList();
    }

    // ---- paths and answers ----

    public static String accountPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + ".json";
    }

    public static String messagesPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Messages.json";
    }

    public static String callsPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Calls.json";
    }

    public static String usagePath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Usage/Records/Daily.json";
    }

    public static String keysPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Keys.json";
    }

    public static String keyPath(String ac, String sk) {
        return "/2010-04-01/Accounts/" + ac + "/Keys/" + sk + ".json";
    }

    /** The Authorization header twilio-java sends for these credentials. */
    public static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.US_ASCII));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** An error as Twilio sends it: the status and a JSON body with Twilio's code and message. */
    public static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
        return json(status, TwilioFixtures.error(status, code, message));
    }

    /** Twilio's refusal of a credential it does not accept for the resource: 401, code 20003. */
    public static ResponseDefinitionBuilder refused() {
        return twilioError(401, 20003, "Authenticate");
    }

    public static ResponseDefinitionBuilder tooManyRequests() {
        return twilioError(429, 20429, "Too Many Requests");
    }

    // ---- accounts ----

    /** The Account resource on api.twilio.com, readable with the given Basic credentials only. */
    public void account(String ac, String user, String pass, String owner, String status, String type) {
        account("api.twilio.com", ac, user, pass, owner, status, type);
    }

    /**
     * The Account resource on one API host only ({@code api.dublin.ie1.twilio.com}, say): credentials are
     * region-specific, so Twilio's other regions refuse them.
     */
    public void account(String apiHost, String ac, String user, String pass, String owner, String status,
            String type) {
        server.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(user, pass).atPriority(1)
                .withHeader(FORWARDED_HOST, equalTo(apiHost))
                .willReturn(json(200, TwilioFixtures.account(ac, owner, status, type, TwilioFixtures.TOKEN))));
    }

    /** An active Full account, read with its own Auth Token only (on any host), under this name. */
    public void liveAccount(String ac, String token, String friendlyName) {
        server.stubFor(get(urlPathEqualTo(accountPath(ac))).withBasicAuth(ac, token)
                .willReturn(json(200, TwilioFixtures.account(ac, ac, "active", "Full", friendlyName, token))));
    }

    /** This token of the account no longer works: Twilio answers it 401, code 20003. */
    public void deadAccount(String ac, String token) {
        server.stubFor(get(urlPathEqualTo(accountPath(ac))).withBasicAuth(ac, token).willReturn(refused()));
    }

    /** No token of the account works any more: 401, code 20003, for any credential (a refusal needs none). */
    public void deadAccount(String ac) {
        server.stubFor(get(urlPathEqualTo(accountPath(ac))).willReturn(refused()));
    }

    /**
     * The account fetch as Twilio answers a token that works ({@code status} 200: to that token only, under this
     * name) or one that no longer does (401: refused for any credential).
     */
    public void accountAnswers(String ac, String token, int status, String friendlyName) {
        switch (status) {
            case 200 -> liveAccount(ac, token, friendlyName);
            case 401 -> deadAccount(ac);
            default -> throw new IllegalArgumentException("Twilio answers a token's account fetch 200 or 401");
        }
    }

    /** The account's listing of itself and its subaccounts, to the given credential only. */
    public void accounts(String user, String pass, List<String> listedAccounts) {
        server.stubFor(get(urlEqualTo(ACCOUNTS_PATH + "?PageSize=1000")).withBasicAuth(user, pass)
                .willReturn(json(200, TwilioFixtures.accountsPage(listedAccounts))));
    }

    // ---- reads that prove a key ----

    /** Messages list on api.twilio.com, readable with the given Basic credentials only. */
    public void messages(String ac, String user, String pass) {
        messages("api.twilio.com", ac, user, pass);
    }

    /** Messages list on one API host only, readable with the given Basic credentials only. */
    public void messages(String apiHost, String ac, String user, String pass) {
        server.stubFor(get(urlPathEqualTo(messagesPath(ac))).withBasicAuth(user, pass).atPriority(1)
                .withHeader(FORWARDED_HOST, equalTo(apiHost))
                .willReturn(json(200, TwilioFixtures.messagesPage(ac))));
    }

    /** Messages list on any host, readable by this (Standard) key: what tells a Standard key from a dead one. */
    public void messagesReadableBy(String ac, String sk, String secret) {
        server.stubFor(get(urlPathEqualTo(messagesPath(ac))).withBasicAuth(sk, secret)
                .willReturn(json(200, TwilioFixtures.messagesPage(ac))));
    }

    /** Verify's service list, which any live key reads: one service of {@code ownerAc} (or none if null). */
    public void verifyServices(String sk, String secret, String ownerAc) {
        server.stubFor(get(urlPathEqualTo(VERIFY_SERVICES_PATH)).withBasicAuth(sk, secret).atPriority(1)
                .withHeader(FORWARDED_HOST, equalTo("verify.twilio.com"))
                .willReturn(json(200, ownerAc == null
                        ? TwilioFixtures.read("verify-services-empty.json", Map.of())
                        : TwilioFixtures.read("verify-services.json", Map.of("accountSid", ownerAc)))));
    }

    // ---- rotation writes ----

    /** Creating a secondary Auth Token answers {@code secondary}, to the account's current Auth Token only. */
    public void createsSecondary(String ac, String currentToken, String secondary) {
        server.stubFor(post(urlPathEqualTo(SECONDARY_PATH)).withBasicAuth(ac, currentToken)
                .willReturn(json(201, TwilioFixtures.secondaryAuthToken(ac, secondary))));
    }

    /** Promoting makes the secondary the Auth Token; answered to the account's current Auth Token only. */
    public void promotes(String ac, String currentToken, String secondary) {
        server.stubFor(post(urlPathEqualTo(PROMOTE_PATH)).withBasicAuth(ac, currentToken)
                .willReturn(json(200, TwilioFixtures.authTokenPromotion(ac, secondary))));
    }

    /** Deleting the secondary Auth Token: 204, to the account's current Auth Token only. */
    public void deletesSecondary(String ac, String currentToken) {
        server.stubFor(delete(urlPathEqualTo(SECONDARY_PATH)).withBasicAuth(ac, currentToken)
                .willReturn(aResponse().withStatus(204)));
    }

    /** Creating a key on the account answers this new key, to the given credential (token or Main key) only. */
    public void createsKey(String ac, String user, String pass, String newSk, String friendlyName, String secret) {
        server.stubFor(post(urlEqualTo(keysPath(ac))).withBasicAuth(user, pass)
                .willReturn(json(201, TwilioFixtures.newKey(newSk, friendlyName, secret))));
    }

    /** Deleting the key: 204, to the given credential (token or Main key) only. */
    public void deletesKey(String ac, String user, String pass, String sk) {
        server.stubFor(delete(urlEqualTo(keyPath(ac, sk))).withBasicAuth(user, pass)
                .willReturn(aResponse().withStatus(204)));
    }

    // ---- usage pages ----

    /**
     * Serves {@code items} in pages of {@code perPage}: the first page where {@code firstPage} matches and no
     * PageToken is sent, each further one under {@code PageToken=<token>N}. As Twilio does, the pages answer only
     * the credentials of {@code readers} (at least one; their {@code accountSid} is not used, {@code path} says
     * whose records these are); others fall through to the refusal below them.
     *
     * @return the page tokens of pages 2.. in order, e.g. to stub a failure on one of them
     */
    public List<String> serve(String key, String path, boolean v1, List<String> items, int perPage, String token,
            Map<String, String> firstPage, Access... readers) {
        if (readers.length == 0) {
            throw new IllegalArgumentException(
                    "a Twilio page answers only the credentials that may read it: name them");
        }
        List<String> tokens = new ArrayList<>();
        int pages = Math.max(1, (items.size() + perPage - 1) / perPage);
        for (int p = 0; p < pages; p++) {
            List<String> slice = items.subList(Math.min(items.size(), p * perPage),
                    Math.min(items.size(), (p + 1) * perPage));
            String nextToken = p + 1 < pages ? token + (p + 2) : null;
            String next = nextToken == null
                    ? null
                    : v1
                            ? "https://monitor.twilio.com" + path + "?PageSize=1000&Page=" + (p + 1) + "&PageToken="
                                    + nextToken
                            : path + "?PageSize=1000&Page=" + (p + 1) + "&PageToken=" + nextToken;
            String body = v1
                    ? TwilioFixtures.pageV1(key, path, slice, p, next)
                    : TwilioFixtures.page2010(key, path, slice, p, next);
            int page = p;
            Supplier<MappingBuilder> stub = () -> {
                MappingBuilder m = get(urlPathEqualTo(path)).atPriority(5);
                if (page == 0) {
                    m = m.withQueryParam("PageToken", absent());
                    for (Map.Entry<String, String> q : firstPage.entrySet()) {
                        m = m.withQueryParam(q.getKey(), equalTo(q.getValue()));
                    }
                } else {
                    m = m.withQueryParam("PageToken", equalTo(token + (page + 1)));
                }
                return m;
            };
            if (p > 0) {
                tokens.add(token + (p + 1));
            }
            for (Access reader : readers) {
                server.stubFor(stub.get().withBasicAuth(reader.user(), reader.password()).willReturn(json(200, body)));
            }
        }
        return tokens;
    }

    /**
     * Who may read an account's usage sources: the account's own credential ({@link #own}, every source), or its
     * main account's Auth Token on the subaccount's 2010 paths ({@link #parent}; Monitor's v1 API reads only the
     * account the credential belongs to).
     */
    public record Access(String accountSid, String user, String password, boolean v1) {
        public static Access own(String accountSid, String user, String password) {
            return new Access(accountSid, user, password, true);
        }

        public static Access parent(String subaccountSid, String mainAccountSid, String mainToken) {
            return new Access(subaccountSid, mainAccountSid, mainToken, false);
        }
    }

    /**
     * Empty lists for every usage source, below the tests' own stubs and above the default answer, answered only
     * to the credentials given, as Twilio would; any other credential gets Twilio's 401/20003.
     */
    public void emptyByDefault(Access... accesses) {
        for (Access a : accesses) {
            for (String[] source : new String[][]{
                    {messagesPath(a.accountSid()), "messages"},
                    {callsPath(a.accountSid()), "calls"},
                    {usagePath(a.accountSid()), "usage_records"}}) {
                server.stubFor(get(urlPathEqualTo(source[0])).atPriority(50).withBasicAuth(a.user(), a.password())
                        .willReturn(json(200, TwilioFixtures.page2010(source[1], "/x", List.of(), 0, null))));
            }
            server.stubFor(get(urlPathEqualTo(ACCOUNTS_PATH)).atPriority(50).withBasicAuth(a.user(), a.password())
                    .willReturn(json(200, TwilioFixtures.page2010("accounts", ACCOUNTS_PATH, List.of(), 0, null))));
            if (a.v1()) {
                server.stubFor(get(urlPathEqualTo(EVENTS_PATH)).atPriority(50).withBasicAuth(a.user(), a.password())
                        .willReturn(json(200, TwilioFixtures.pageV1("events", EVENTS_PATH, List.of(), 0, null))));
                server.stubFor(get(urlPathEqualTo(ALERTS_PATH)).atPriority(50).withBasicAuth(a.user(), a.password())
                        .willReturn(json(200, TwilioFixtures.pageV1("alerts", ALERTS_PATH, List.of(), 0, null))));
            }
        }
        for (String path : new String[]{"/2010-04-01/Accounts/AC[0-9a-f]{32}/(Messages|Calls)\\.json",
                "/2010-04-01/Accounts/AC[0-9a-f]{32}/Usage/Records/Daily\\.json", "/2010-04-01/Accounts\\.json",
                "/v1/(Events|Alerts)"}) {
            server.stubFor(get(urlPathMatching(path)).atPriority(60).willReturn(refused()));
        }
    }

    /** Records every non-GET request for the read-only rule. */
    private static final class NonGetRecorder implements ServeEventListener {
        @Override
        public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
            if (!RequestMethod.GET.equals(serveEvent.getRequest().getMethod())) {
                NON_GET_REQUESTS.add(serveEvent.getRequest().getMethod() + " " + serveEvent.getRequest().getUrl());
            }
        }

        @Override
        public String getName() {
            return "non-get-recorder";
        }
    }
}
