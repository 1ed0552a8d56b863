package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.leakresponder.twilio.Fixtures.TOKEN;
import static io.leakresponder.twilio.Fixtures.ac;
import static io.leakresponder.twilio.MockTwilio.accountPath;
import static io.leakresponder.twilio.MockTwilio.json;
import static io.leakresponder.twilio.MockTwilio.twilioError;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.LivenessResult.AccountType;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Auth Token checks through the real twilio-java client against WireMock. */
class TwilioFacadeAuthTokenTest {

    static MockTwilio mock;
    static FacadeUnderTest fut;

    @BeforeAll
    static void start() {
        mock = new MockTwilio();
        fut = FacadeUnderTest.create(mock.baseUrl());
    }

    @AfterAll
    static void stop() {
        fut.close();
        mock.close();
    }

    @BeforeEach
    void reset() {
        mock.reset();
        mock.rejectUnknownCredentials();
    }

    @Test
    void activeFullAccountIsLiveWithItsFacts() {
        String ac = ac(0x101);
        mock.account(ac, ac, TOKEN, ac, "active", "Full");

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.accountSid()).isEqualTo(ac);
        assertThat(r.accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(r.accountType()).isEqualTo(AccountType.FULL);
        assertThat(r.subaccount()).isFalse();
        assertThat(r.friendlyName()).isEqualTo("Fixture account 0101");
        assertThat(r.keyType()).isNull();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.checkedAt()).isNotNull();

        // One GET, Basic AC:token, to the Account resource.
        assertThat(mock.requests()).singleElement().satisfies(req -> {
            assertThat(req.getMethod().getName()).isEqualTo("GET");
            assertThat(req.getUrl()).isEqualTo(accountPath(ac));
            assertThat(req.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString((ac + ":" + TOKEN).getBytes(StandardCharsets.US_ASCII)));
            assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("api.twilio.com");
        });
    }

    @Test
    void suspendedTrialSubaccountIsStillLiveAndSaysSo() {
        String ac = ac(0x102);
        String parent = ac(0x1);
        mock.account(ac, ac, TOKEN, parent, "suspended", "Trial");

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.accountStatus()).isEqualTo(AccountStatus.SUSPENDED);
        assertThat(r.accountType()).isEqualTo(AccountType.TRIAL);
        assertThat(r.subaccount()).isTrue();
        assertThat(r.reason()).contains("suspended");
    }

    @Test
    void closedAccountIsReportedClosed() {
        String ac = ac(0x103);
        mock.account(ac, ac, TOKEN, ac, "closed", "Full");

        assertThat(fut.facade().checkAuthToken(ac, TOKEN).accountStatus()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void wrongTokenIsNotLive() {
        String ac = ac(0x104);
        mock.account(ac, ac, TOKEN, ac, "active", "Full");

        LivenessResult r = fut.facade().checkAuthToken(ac, Fixtures.OTHER_TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LIVE);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        // An answer, not retried; but asked once in each region, since a token of another region is refused too.
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(mock.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com",
                "api.sydney.au1.twilio.com");
        assertThat(r.reason()).contains("every region (us1, ie1, au1)");
        assertThat(r.accountStatus()).isNull();
    }

    @Test
    void aTokenOfAnotherRegionIsLiveThereAndSaysWhere() {
        String ac = ac(0x108);
        mock.account(TwilioRegion.IE1, ac, ac, TOKEN, ac, "active", "Full");

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.region()).isEqualTo(TwilioRegion.IE1);
        assertThat(r.accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(r.reason()).contains("in ie1");
        assertThat(mock.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com");
    }

    @Test
    void theRegionItLastWorkedInIsAskedFirst() {
        String ac = ac(0x109);
        mock.account(TwilioRegion.AU1, ac, ac, TOKEN, ac, "active", "Full");

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN, TwilioRegion.AU1);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.region()).isEqualTo(TwilioRegion.AU1);
        assertThat(mock.hostsAsked()).containsExactly("api.sydney.au1.twilio.com");
    }

    @Test
    void refusedInOneRegionAndUnansweredInTheNextIsNeverNotLive() {
        String ac = ac(0x10a);
        // An outage of one region, for any credential as Twilio's outages are.
        mock.server.stubFor(get(urlEqualTo(accountPath(ac))).atPriority(1)
                .withHeader(TwilioTransport.FORWARDED_HOST, equalTo("api.dublin.ie1.twilio.com"))
                .willReturn(twilioError(503, 20500, "Service Unavailable")));

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.reason()).startsWith("refused (401, 20003) in us1, then: ");
        assertThat(mock.hostsAsked()).doesNotContain("api.sydney.au1.twilio.com");
    }

    @Test
    void suspendedOrClosedRefusalIsIndeterminateNotDead() {
        String ac = ac(0x105);
        // Twilio says why it will not serve an account only to a credential it has authenticated.
        mock.server.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(ac, TOKEN)
                .willReturn(twilioError(403, 20403, "Account is not active")));

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.httpStatus()).isEqualTo(403);
        assertThat(r.twilioErrorCode()).isEqualTo(20403);
        assertThat(r.reason()).contains("suspended or closed");
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void accountNotActiveIsIndeterminate() {
        String ac = ac(0x106);
        mock.server.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(ac, TOKEN)
                .willReturn(twilioError(401, 20005, "Account not active")));

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.twilioErrorCode()).isEqualTo(20005);
    }

    @Test
    void a401WithoutTwilioBodyIsNeverNotLive() {
        String ac = ac(0x107);
        // A 401 without Twilio's body (a proxy's, say) for any credential: not Twilio's refusal, so not NOT_LIVE.
        mock.server.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(json(401, "")));

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.twilioErrorCode()).isNull();
        assertThat(r.attempts()).isEqualTo(fut.settings().maxAttempts());
    }

    @Test
    void malformedInputIsNotCheckableAndSendsNothing() {
        assertThat(fut.facade().checkAuthToken(null, TOKEN).verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(fut.facade().checkAuthToken("AC123", TOKEN).verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(fut.facade().checkAuthToken("../../etc/passwd", TOKEN).verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(fut.facade().checkAuthToken(ac(0x108), " ").verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        LivenessResult r = fut.facade().checkAuthToken(TOKEN, ac(0x108)); // swapped arguments
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(r.reason()).doesNotContain(TOKEN);
        assertThat(r.attempts()).isZero();
        assertThat(mock.requests()).isEmpty();
    }
}
