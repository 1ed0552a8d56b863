package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.leakresponder.testsupport.TwilioDouble.accountPath;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries, time budget, timeouts, refused connections and the circuit breaker: never NOT_LIVE by accident. */
class TwilioFacadeResilienceTest {

    // Outages (429, 5xx, resets, slow answers) are stubbed for any credential, as Twilio's outages are; every
    // 200 answers only the account's own Auth Token, and anything else is refused with 401/20003.
    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.readOnly();

    @Test
    void rateLimitedThenAnsweredIsLiveAfterARetry() {
        String ac = ac(0x301);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(twilioError(429, 20429, "Too Many Requests")).willSetStateTo("calm"));
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).inScenario("429").whenScenarioStateIs("calm")
                .withBasicAuth(ac, TOKEN)
                .willReturn(json(200, TwilioFixtures.account(ac, ac, "active", "Full", TOKEN))));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl())) {
            LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

            assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(fut.facade().counters().retries()).isEqualTo(1);
        }
        assertThat(twilio.requests()).hasSize(2);
    }

    @Test
    void serverErrorsUntilTheAttemptsRunOutAreIndeterminateAndBounded() {
        String ac = ac(0x302);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(twilioError(500, 20500, "Internal Server Error")));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(3))) {
            LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(r.httpStatus()).isEqualTo(500);
            assertThat(r.twilioErrorCode()).isEqualTo(20500);
            assertThat(r.reason()).contains("server error").contains("retries exhausted");
            assertThat(r.attempts()).isEqualTo(3);
        }
        // The SDK's own 3x retry of 5xx is off: exactly one request per attempt reaches the server.
        assertThat(twilio.requests()).hasSize(3);
    }

    @Test
    void emptyOrNonJsonErrorBodiesAreRetriedThenIndeterminate() {
        String ac = ac(0x303);
        String ac2 = ac(0x304);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(aResponse().withStatus(503)));
        twilio.stubFor(get(urlEqualTo(accountPath(ac2)))
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(2))) {
            LivenessResult empty = fut.facade().checkAuthToken(ac, TOKEN);
            LivenessResult html = fut.facade().checkAuthToken(ac2, TOKEN);

            assertThat(empty.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(empty.httpStatus()).isEqualTo(503); // the real status, though the SDK saw no body
            assertThat(empty.twilioErrorCode()).isNull();
            assertThat(empty.attempts()).isEqualTo(2);
            assertThat(html.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(html.httpStatus()).isEqualTo(502);
            assertThat(html.reason()).doesNotContain("html");
        }
    }

    @Test
    void unreadableSuccessBodyIsRetriedThenIndeterminate() {
        String ac = ac(0x305);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(ac, TOKEN).willReturn(json(200, "not json")));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(2))) {
            LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(r.reason()).contains("unreadable");
            assertThat(r.attempts()).isEqualTo(2);
        }
    }

    @Test
    void connectionResetIsRetriedThenIndeterminate() {
        String ac = ac(0x306);
        twilio.stubFor(
                get(urlEqualTo(accountPath(ac))).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(2))) {
            LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(r.httpStatus()).isNull();
            assertThat(r.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aResponseSlowerThanTheReadTimeoutIsATimeout() {
        String ac = ac(0x307);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, TwilioFixtures.account(ac, ac, "active", "Full", TOKEN)).withFixedDelay(3_000)));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.readTimeout(Duration.ofMillis(300)).maxAttempts(2))) {
            long start = System.nanoTime();
            LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(r.reason()).contains("timed out waiting");
            assertThat(r.httpStatus()).isNull();
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(elapsedMs).isLessThan(2_500); // two 300 ms timeouts, not two 3 s waits
        }
    }

    @Test
    void theTimeBudgetCapsASlowResponse() {
        String ac = ac(0x308);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, TwilioFixtures.account(ac, ac, "active", "Full", TOKEN)).withFixedDelay(5_000)));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.readTimeout(Duration.ofSeconds(10)).totalBudget(Duration.ofMillis(400)))) {
            long start = System.nanoTime();
            LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(elapsedMs).isLessThan(3_000); // 400 ms budget, not the 5 s response or 10 s read timeout
        }
    }

    @Test
    void aRefusedConnectionIsIndeterminate() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FacadeUnderTest fut = FacadeUnderTest.create("http://127.0.0.1:" + closedPort, b -> b.maxAttempts(3))) {
            LivenessResult r = fut.facade().checkAuthToken(ac(0x309), TOKEN);

            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(r.reason()).contains("refused");
            assertThat(r.httpStatus()).isNull();
            assertThat(r.attempts()).isEqualTo(3);
        }
    }

    @Test
    void theCircuitOpensOnAnOutageAndHalfOpensWithOneProbe() {
        String ac = ac(0x30a);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(twilioError(503, 20503, "Service Unavailable")));
        AtomicLong breakerClock = new AtomicLong();

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(1)
                .breakerFailureThreshold(3).breakerOpenDuration(Duration.ofSeconds(30)), breakerClock::get)) {
            TwilioFacade facade = fut.facade();
            for (int i = 0; i < 3; i++) {
                assertThat(facade.checkAuthToken(ac, TOKEN).verdict()).isEqualTo(Verdict.INDETERMINATE);
            }
            assertThat(facade.circuitState(TwilioFacade.API_HOST)).isEqualTo(CircuitBreaker.State.OPEN);

            // Open: refused at once, nothing sent, thousands of checks cost nothing.
            for (int i = 0; i < 1_000; i++) {
                LivenessResult r = facade.checkAuthToken(ac(0x1000 + i), TOKEN);
                assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
                assertThat(r.reason()).contains("circuit open");
                assertThat(r.attempts()).isZero();
            }
            assertThat(twilio.requests()).hasSize(3);
            // Other hosts have their own breaker.
            assertThat(facade.circuitState(TwilioFacade.VERIFY_HOST)).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(facade.checkApiKey(null, sk(0x30a), KEY_SECRET).verdict()).isEqualTo(Verdict.NOT_LIVE);

            // Half-open with the outage still on: the single probe fails and the circuit opens again.
            breakerClock.addAndGet(Duration.ofSeconds(30).toNanos());
            assertThat(facade.checkAuthToken(ac, TOKEN).attempts()).isEqualTo(1);
            assertThat(facade.circuitState(TwilioFacade.API_HOST)).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(facade.checkAuthToken(ac, TOKEN).reason()).contains("circuit open");

            // Half-open after recovery: the probe succeeds and closes the circuit.
            twilio.account(ac, ac, TOKEN, ac, "active", "Full");
            breakerClock.addAndGet(Duration.ofSeconds(30).toNanos());
            assertThat(facade.checkAuthToken(ac, TOKEN).verdict()).isEqualTo(Verdict.LIVE);
            assertThat(facade.circuitState(TwilioFacade.API_HOST)).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(facade.counters().circuitRejections()).isEqualTo(1_001);
        }
    }

    @Test
    void rateLimitsDoNotOpenTheCircuit() {
        String ac = ac(0x30b);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(twilioError(429, 20429, "Too Many Requests")));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.maxAttempts(2).breakerFailureThreshold(2))) {
            for (int i = 0; i < 3; i++) {
                LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);
                assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
                assertThat(r.reason()).contains("rate limited");
                assertThat(r.twilioErrorCode()).isEqualTo(20429);
            }
            assertThat(fut.facade().circuitState(TwilioFacade.API_HOST)).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void verifyOutageIsIndeterminateForKeysWithoutAccount() {
        twilio.stubFor(get(urlPathEqualTo("/v2/Services")).atPriority(1).willReturn(aResponse().withStatus(500)));

        try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(2))) {
            LivenessResult r = fut.facade().checkApiKey(null, sk(0x30c), KEY_SECRET);

            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(r.httpStatus()).isEqualTo(500);
        }
    }
}
