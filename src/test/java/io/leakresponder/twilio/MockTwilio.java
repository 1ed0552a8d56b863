package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * In-JVM WireMock standing in for every Twilio host, with Twilio-shaped stubs.
 *
 * <p>Read-only rule: every request any MockTwilio receives is recorded when it is not a GET, in a list that
 * lives for the whole test JVM and is never reset; {@link #close()} fails the test class if it is not empty.
 */
final class MockTwilio implements AutoCloseable {

    private static final Queue<String> NON_GET_REQUESTS = new ConcurrentLinkedQueue<>();

    final WireMockServer server;
    final InFlightProbe probe = new InFlightProbe();

    MockTwilio() {
        server = new WireMockServer(options()
                .dynamicPort()
                .containerThreads(64)
                .extensions(probe, new NonGetRecorder()));
        server.start();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    void reset() {
        server.resetAll();
        probe.reset(0);
    }

    static String accountPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + ".json";
    }

    static String messagesPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Messages.json";
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
        return json(status, Fixtures.error(status, code, message));
    }

    /** Anything not stubbed otherwise: Twilio's answer to wrong credentials. */
    void rejectUnknownCredentials() {
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(twilioError(401, 20003, "Authenticate")));
    }

    /** The Account resource on the US1 host, readable with the given Basic credentials only. */
    void account(String ac, String user, String pass, String owner, String status, String type) {
        account(TwilioRegion.US1, ac, user, pass, owner, status, type);
    }

    /**
     * The Account resource on {@code region}'s API host only: credentials are region-specific, so Twilio's other
     * regions refuse them (with {@link #rejectUnknownCredentials()}, 401/20003).
     */
    void account(TwilioRegion region, String ac, String user, String pass, String owner, String status, String type) {
        server.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(user, pass).atPriority(1)
                .withHeader(TwilioTransport.FORWARDED_HOST, equalTo(region.host("api")))
                .willReturn(json(200, Fixtures.account(ac, owner, status, type, Fixtures.TOKEN))));
    }

    /** Messages list on the US1 host, readable with the given Basic credentials only. */
    void messages(String ac, String user, String pass) {
        messages(TwilioRegion.US1, ac, user, pass);
    }

    /** Messages list on {@code region}'s API host only, readable with the given Basic credentials only. */
    void messages(TwilioRegion region, String ac, String user, String pass) {
        server.stubFor(get(urlPathEqualTo(messagesPath(ac))).withBasicAuth(user, pass).atPriority(1)
                .withHeader(TwilioTransport.FORWARDED_HOST, equalTo(region.host("api")))
                .willReturn(json(200, Fixtures.read("messages-page.json", Map.of("accountSid", ac)))));
    }

    /** Hosts the requests were sent to (the Twilio host meant, as the transport forwards it), in order. */
    List<String> hostsAsked() {
        return requests().stream().sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> r.getHeader(TwilioTransport.FORWARDED_HOST)).toList();
    }

    List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    static List<String> nonGetRequestsSeen() {
        return List.copyOf(NON_GET_REQUESTS);
    }

    @Override
    public void close() {
        server.stop();
        if (!NON_GET_REQUESTS.isEmpty()) {
            throw new AssertionError("Twilio mock received non-GET requests: " + NON_GET_REQUESTS);
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
