package io.leakresponder.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * WireMock playing Twilio for every @QuarkusTest, behind the real twilio-java client
 * (LEAK_RESPONDER_TWILIO_BASE_URL points at it). By default it answers 503, so background checks of
 * ingested credentials stay INDETERMINATE and change nothing; tests stub what they need.
 */
@QuarkusTestResource(value = TwilioMock.class, restrictToAnnotatedClass = false)
public class TwilioMock implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    /** Back to the default: every request answers 503. */
    public static void reset() {
        server.resetAll();
        stubDefault();
    }

    private static void stubDefault() {
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":20503,\"message\":\"Service unavailable\",\"status\":503}")));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(40));
        server.start();
        stubDefault();
        return Map.of("leak-responder.twilio.base-url", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
