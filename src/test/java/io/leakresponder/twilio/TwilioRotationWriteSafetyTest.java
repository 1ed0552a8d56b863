package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.leakresponder.testsupport.TwilioDouble.PROMOTE_PATH;
import static io.leakresponder.testsupport.TwilioDouble.SECONDARY_PATH;
import static io.leakresponder.testsupport.TwilioDouble.accountPath;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.keyPath;
import static io.leakresponder.testsupport.TwilioDouble.keysPath;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.NEW_KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.NEW_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import io.leakresponder.twilio.RotationOutcome.Status;
import io.leakresponder.twilio.TwilioRotation.NewApiKey;
import io.leakresponder.twilio.TwilioRotation.NewSecondaryToken;
import io.leakresponder.twilio.TwilioRotation.PromotedToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes are never repeated once they may have reached Twilio: 5xx, response timeouts, lost connections and
 * unreadable successes end in UNKNOWN_OUTCOME after exactly one request; only 429 and failures before sending
 * are retried.
 */
class TwilioRotationWriteSafetyTest {

    // Outages (429, 5xx, resets, timeouts) are stubbed for any credential, as Twilio's outages are; every 2xx
    // answers only the account's own Auth Token, and anything else gets 401/20003 (TwilioDouble.reset).
    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.writable();

    @Test
    void aServerErrorOnKeyCreationIsAnUnknownOutcomeAfterOneRequest() {
        String ac = ac(0xa01);
        twilio.stubFor(post(urlEqualTo(keysPath(ac))).willReturn(twilioError(500, 20500, "Internal Server Error")));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl())) {
            RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.authToken(ac, TOKEN), "replacement");

            assertThat(r.status()).isEqualTo(Status.UNKNOWN_OUTCOME);
            assertThat(r.isUnknownOutcome()).isTrue();
            assertThat(r.value()).isNull();
            assertThat(r.httpStatus()).isEqualTo(500);
            assertThat(r.twilioErrorCode()).isEqualTo(20500);
            assertThat(r.reason()).isEqualTo("Twilio may or may not have carried out the request (Twilio server error "
                    + "(HTTP 500, code 20500)); it was not repeated: a key may have been created whose secret is lost: "
                    + "list the keys and delete any new one named 'replacement'");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(rut.rotation().counters().unknownOutcomes()).isEqualTo(1);
            assertThat(rut.rotation().counters().retries()).isZero();
        }
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void aBareGatewayErrorOnPromotionIsAnUnknownOutcomeAfterOneRequest() {
        String ac = ac(0xa02);
        twilio.stubFor(
                post(urlEqualTo(PROMOTE_PATH)).willReturn(aResponse().withStatus(502).withBody("<html>gw</html>")));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl())) {
            RotationOutcome<PromotedToken> r = rut.rotation()
                    .promoteSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

            assertThat(r.status()).isEqualTo(Status.UNKNOWN_OUTCOME);
            assertThat(r.httpStatus()).isEqualTo(502);
            assertThat(r.reason()).contains("check whether the old primary still authenticates").doesNotContain("html");
            assertThat(r.attempts()).isEqualTo(1);
        }
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void aResponseTimeoutOnSecondaryCreationIsAnUnknownOutcomeAfterOneRequest() {
        String ac = ac(0xa03);
        twilio.stubFor(post(urlEqualTo(SECONDARY_PATH)).withBasicAuth(ac, TOKEN)
                .willReturn(json(201, TwilioFixtures.secondaryAuthToken(ac, NEW_TOKEN)).withFixedDelay(3_000)));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.readTimeout(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            RotationOutcome<NewSecondaryToken> r = rut.rotation()
                    .createSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.status()).isEqualTo(Status.UNKNOWN_OUTCOME);
            assertThat(r.httpStatus()).isNull();
            assertThat(r.reason()).contains("timed out waiting").contains("never promote it");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(elapsedMs).isLessThan(2_500);
        }
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void aConnectionLostAfterSendingADeleteIsAnUnknownOutcomeAfterOneRequest() {
        String ac = ac(0xa04);
        String leaked = sk(0xa04);
        twilio.stubFor(delete(urlEqualTo(keyPath(ac, leaked)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl())) {
            RotationOutcome<Void> r = rut.rotation().deleteApiKey(TwilioAuth.authToken(ac, TOKEN), leaked);

            assertThat(r.status()).isEqualTo(Status.UNKNOWN_OUTCOME);
            assertThat(r.reason()).endsWith("repeating the delete is harmless (NOT_FOUND then means it is gone)");
            assertThat(r.attempts()).isEqualTo(1);
        }
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void anUnreadableSuccessIsAnUnknownOutcomeNotARetry() {
        String ac = ac(0xa05);
        twilio.stubFor(post(urlEqualTo(keysPath(ac))).withBasicAuth(ac, TOKEN).willReturn(json(201, "{\"sid\": ")));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl())) {
            RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.authToken(ac, TOKEN), null);

            assertThat(r.status()).isEqualTo(Status.UNKNOWN_OUTCOME);
            assertThat(r.httpStatus()).isEqualTo(201);
            assertThat(r.reason()).contains("Twilio answered HTTP 201 but the response could not be read")
                    .contains("(no friendly name)");
            assertThat(r.attempts()).isEqualTo(1);
        }
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void aSuccessWithoutTheSecretIsAnUnknownOutcome() {
        String ac = ac(0xa06);
        twilio.stubFor(post(urlEqualTo(SECONDARY_PATH)).withBasicAuth(ac, TOKEN)
                .willReturn(json(201, "{\"account_sid\": \"" + ac + "\"}")));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl())) {
            RotationOutcome<NewSecondaryToken> r = rut.rotation()
                    .createSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

            assertThat(r.status()).isEqualTo(Status.UNKNOWN_OUTCOME);
            assertThat(r.attempts()).isEqualTo(1);
        }
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void aWriteIsRetriedAfterA429() {
        String ac = ac(0xa07);
        String newSk = sk(0xa07);
        twilio.stubFor(post(urlEqualTo(keysPath(ac))).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(twilioError(429, 20429, "Too Many Requests")).willSetStateTo("calm"));
        twilio.stubFor(post(urlEqualTo(keysPath(ac))).inScenario("429").whenScenarioStateIs("calm")
                .withBasicAuth(ac, TOKEN)
                .willReturn(json(201, TwilioFixtures.newKey(newSk, "replacement", NEW_KEY_SECRET))));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl())) {
            RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.authToken(ac, TOKEN), "replacement");

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.value().keySid()).isEqualTo(newSk);
            assertThat(r.value().secret().reveal()).isEqualTo(NEW_KEY_SECRET);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(rut.rotation().counters().retries()).isEqualTo(1);
        }
        assertThat(twilio.requests()).hasSize(2);
        assertThat(twilio.requests())
                .allSatisfy(q -> assertThat(q.formParameter("FriendlyName").firstValue()).isEqualTo("replacement"));
    }

    @Test
    void aWriteRateLimitedUntilTheAttemptsRunOutChangedNothing() {
        String ac = ac(0xa08);
        twilio.stubFor(post(urlEqualTo(PROMOTE_PATH)).willReturn(twilioError(429, 20429, "Too Many Requests")));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(3))) {
            RotationOutcome<PromotedToken> r = rut.rotation()
                    .promoteSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

            assertThat(r.status()).isEqualTo(Status.RATE_LIMITED);
            assertThat(r.isRetryableLater()).isTrue();
            assertThat(r.httpStatus()).isEqualTo(429);
            assertThat(r.twilioErrorCode()).isEqualTo(20429);
            assertThat(r.reason()).isEqualTo("rate limited by Twilio (HTTP 429, code 20429); retries exhausted; "
                    + "nothing was changed");
            assertThat(r.attempts()).isEqualTo(3);
        }
        assertThat(twilio.requests()).hasSize(3);
    }

    @Test
    void aRefusedConnectionNeverReachedTwilioSoTheWriteIsRetriedThenUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FacadeUnderTest rut = FacadeUnderTest.create("http://127.0.0.1:" + closedPort, b -> b.maxAttempts(3))) {
            RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.authToken(ac(0xa09), TOKEN), "x");

            assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(r.reason()).contains("refused").contains("request not sent").endsWith("nothing was changed");
            assertThat(r.httpStatus()).isNull();
            assertThat(r.attempts()).isEqualTo(3);
        }
    }

    @Test
    void anOpenCircuitSharedWithTheLivenessFacadeStopsWritesBeforeSending() {
        String ac = ac(0xa0a);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(twilioError(503, 20503, "Service Unavailable")));
        AtomicLong breakerClock = new AtomicLong();

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.maxAttempts(1).breakerFailureThreshold(2), breakerClock::get)) {
            // The liveness facade meets the outage on the api host ...
            rut.facade().checkAuthToken(ac, TOKEN);
            rut.facade().checkAuthToken(ac, TOKEN);
            assertThat(rut.rotation().circuitState(TwilioRotation.API_HOST)).isEqualTo(CircuitBreaker.State.OPEN);
            twilio.server().resetRequests();

            // ... so rotation does not send a write into it; the accounts host has its own circuit.
            RotationOutcome<Void> r = rut.rotation().deleteApiKey(TwilioAuth.authToken(ac, TOKEN), sk(0xa0a));
            assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(r.reason()).startsWith("circuit open for Twilio host 'api'");
            assertThat(r.attempts()).isZero();
            assertThat(twilio.requests()).isEmpty();
            assertThat(rut.rotation().circuitState(TwilioRotation.ACCOUNTS_HOST))
                    .isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void aWriteOutageCountsTowardsTheCircuit() {
        String ac = ac(0xa0b);
        twilio.stubFor(post(urlEqualTo(SECONDARY_PATH)).willReturn(twilioError(503, 20503, "Service Unavailable")));

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.breakerFailureThreshold(2))) {
            for (int i = 0; i < 2; i++) {
                assertThat(rut.rotation().createSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN)).status())
                        .isEqualTo(Status.UNKNOWN_OUTCOME);
            }
            assertThat(rut.rotation().circuitState(TwilioRotation.ACCOUNTS_HOST)).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(rut.rotation().createSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN)).status())
                    .isEqualTo(Status.UNAVAILABLE);
        }
        assertThat(twilio.requests()).hasSize(2);
    }

    @Test
    void aBudgetShorterThanTheReadTimeoutStillSendsTheWrite() {
        String ac = ac(0xa0c);
        twilio.promotes(ac, TOKEN, NEW_TOKEN);

        try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl(),
                b -> b.readTimeout(Duration.ofSeconds(10)).totalBudget(Duration.ofSeconds(2)))) {
            RotationOutcome<PromotedToken> r = rut.rotation()
                    .promoteSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

            assertThat(r.status()).isEqualTo(Status.OK);
        }
    }
}
