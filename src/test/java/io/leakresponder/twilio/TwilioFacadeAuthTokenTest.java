package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.leakresponder.testsupport.TwilioDouble.accountPath;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.LivenessResult.AccountType;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Auth Token checks through the real twilio-java client against WireMock. */
class TwilioFacadeAuthTokenTest {

    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.readOnly();
    static final FacadeUnderTest fut = FacadeUnderTest.over(twilio);

    @Test
    void activeFullAccountIsLiveWithItsFacts() {
        String ac = ac(0x101);
        twilio.account(ac, ac, TOKEN, ac, "active", "Full");

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
        assertThat(twilio.requests()).singleElement().satisfies(req -> {
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
        twilio.account(ac, ac, TOKEN, parent, "suspended", "Trial");

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
        twilio.account(ac, ac, TOKEN, ac, "closed", "Full");

        assertThat(fut.facade().checkAuthToken(ac, TOKEN).accountStatus()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void wrongTokenIsNotLive() {
        String ac = ac(0x104);
        twilio.account(ac, ac, TOKEN, ac, "active", "Full");

        LivenessResult r = fut.facade().checkAuthToken(ac, TwilioFixtures.OTHER_TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LIVE);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        // An answer, not retried; but asked once in each region, since a token of another region is refused too.
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(twilio.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com",
                "api.sydney.au1.twilio.com");
        assertThat(r.reason()).contains("every region (us1, ie1, au1)");
        assertThat(r.accountStatus()).isNull();
    }

    @Test
    void aTokenOfAnotherRegionIsLiveThereAndSaysWhere() {
        String ac = ac(0x108);
        twilio.account(TwilioRegion.IE1.host("api"), ac, ac, TOKEN, ac, "active", "Full");

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.region()).isEqualTo(TwilioRegion.IE1);
        assertThat(r.accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(r.reason()).contains("in ie1");
        assertThat(twilio.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com");
    }

    @Test
    void theRegionItLastWorkedInIsAskedFirst() {
        String ac = ac(0x109);
        twilio.account(TwilioRegion.AU1.host("api"), ac, ac, TOKEN, ac, "active", "Full");

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN, TwilioRegion.AU1);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.region()).isEqualTo(TwilioRegion.AU1);
        assertThat(twilio.hostsAsked()).containsExactly("api.sydney.au1.twilio.com");
    }

    @Test
    void refusedInOneRegionAndUnansweredInTheNextIsNeverNotLive() {
        String ac = ac(0x10a);
        // An outage of one region, for any credential as Twilio's outages are.
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).atPriority(1)
                .withHeader(TwilioTransport.FORWARDED_HOST, equalTo("api.dublin.ie1.twilio.com"))
                .willReturn(twilioError(503, 20500, "Service Unavailable")));

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.reason()).startsWith("refused (401, 20003) in us1, then: ");
        assertThat(twilio.hostsAsked()).doesNotContain("api.sydney.au1.twilio.com");
    }

    @Test
    void suspendedOrClosedRefusalIsIndeterminateNotDead() {
        String ac = ac(0x105);
        // Twilio says why it will not serve an account only to a credential it has authenticated.
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(ac, TOKEN)
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
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(ac, TOKEN)
                .willReturn(twilioError(401, 20005, "Account not active")));

        LivenessResult r = fut.facade().checkAuthToken(ac, TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.twilioErrorCode()).isEqualTo(20005);
    }

    @Test
    void a401WithoutTwilioBodyIsNeverNotLive() {
        String ac = ac(0x107);
        // A 401 without Twilio's body (a proxy's, say) for any credential: not Twilio's refusal, so not NOT_LIVE.
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(json(401, "")));

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
        assertThat(twilio.requests()).isEmpty();
    }
}
