package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * In-JVM WireMock for the write side of the facade. Deliberately not {@link MockTwilio}: that one enforces the
 * liveness tests' read-only rule for the whole JVM, and rotation sends POST and DELETE on purpose.
 */
final class RotationMock implements AutoCloseable {

    final WireMockServer server;

    RotationMock() {
        server = new WireMockServer(options().dynamicPort().containerThreads(16));
        server.start();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** Clears stubs and the request journal, then answers anything unstubbed as Twilio does wrong credentials. */
    void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(MockTwilio.twilioError(401, 20003, "Authenticate")));
    }

    List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.US_ASCII));
    }

    static String keysPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Keys.json";
    }

    static String keyPath(String ac, String sk) {
        return "/2010-04-01/Accounts/" + ac + "/Keys/" + sk + ".json";
    }

    static final String SECONDARY_PATH = "/v1/AuthTokens/Secondary";
    static final String PROMOTE_PATH = "/v1/AuthTokens/Promote";
    static final String ACCOUNTS_LIST_PATH = "/2010-04-01/Accounts.json";

    @Override
    public void close() {
        server.stop();
    }
}
