package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.leakresponder.testsupport.TwilioDouble.accountPath;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.messagesPath;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.OTHER_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.LivenessResult.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API key checks (with and without the account SID) through the real twilio-java client against WireMock. */
class TwilioFacadeApiKeyTest {

    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.readOnly();
    static final FacadeUnderTest fut = FacadeUnderTest.over(twilio);

    @Test
    void mainKeyReadsMessagesAndTheAccount() {
        String ac = ac(0x201);
        String sk = sk(0x201);
        twilio.messages(ac, sk, KEY_SECRET);
        twilio.account(ac, sk, KEY_SECRET, ac, "active", "Full");

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.keyType()).isEqualTo(KeyType.MAIN);
        assertThat(r.accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(r.accountSid()).isEqualTo(ac);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(twilio.requests()).extracting(LoggedRequest::getUrl)
                .containsExactlyInAnyOrder(messagesPath(ac) + "?PageSize=1", accountPath(ac));
    }

    @Test
    void standardKeyReadsMessagesButGets401OnTheAccount() {
        String ac = ac(0x202);
        String sk = sk(0x202);
        twilio.messages(ac, sk, KEY_SECRET);

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.keyType()).isEqualTo(KeyType.STANDARD);
        assertThat(r.accountStatus()).isNull();
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void a401OnTheAccountMeansStandardWhateverItsCode() {
        // Twilio does not document the code a Standard key gets on /Accounts; the 401 decides.
        String ac = ac(0x20a);
        String sk = sk(0x20a);
        twilio.messages(ac, sk, KEY_SECRET);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(sk, KEY_SECRET).atPriority(1)
                .willReturn(twilioError(401, 70051, "Authorization failed")));

        assertThat(fut.facade().checkApiKey(ac, sk, KEY_SECRET).keyType()).isEqualTo(KeyType.STANDARD);
    }

    @Test
    void restrictedKeyRefusedOnMessagesWith70051IsLiveAndRestricted() {
        String ac = ac(0x203);
        String sk = sk(0x203);
        twilio.stubFor(get(urlPathEqualTo(messagesPath(ac))).withBasicAuth(sk, KEY_SECRET)
                .willReturn(twilioError(403, 70051, "Authorization failed")));

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.keyType()).isEqualTo(KeyType.RESTRICTED);
        assertThat(r.twilioErrorCode()).isEqualTo(70051);
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void restrictedKeyThatReadsMessagesButNotTheAccountIsRestricted() {
        String ac = ac(0x204);
        String sk = sk(0x204);
        twilio.messages(ac, sk, KEY_SECRET);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(sk, KEY_SECRET)
                .willReturn(twilioError(403, 70051, "Authorization failed")));

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.keyType()).isEqualTo(KeyType.RESTRICTED);
    }

    @Test
    void revokedKeyIsNotLive() {
        String ac = ac(0x205);
        String sk = sk(0x205);
        twilio.messages(ac, sk, KEY_SECRET);

        LivenessResult r = fut.facade().checkApiKey(ac, sk, OTHER_TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LIVE);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(r.keyType()).isNull();
        // Refused on the account's messages in each region, then by the key-only check; never asked about the account.
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(twilio.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com",
                "api.sydney.au1.twilio.com", "verify.twilio.com");
    }

    @Test
    void aKeyOfAnotherRegionIsLiveThere() {
        String ac = ac(0x20a);
        String sk = sk(0x20a);
        twilio.messages(TwilioRegion.AU1.host("api"), ac, sk, KEY_SECRET);

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.region()).isEqualTo(TwilioRegion.AU1);
        // Standard: the AU1 account resource refuses it (the catch-all 401), like Twilio does for Standard keys.
        assertThat(r.keyType()).isEqualTo(KeyType.STANDARD);
        assertThat(twilio.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com",
                "api.sydney.au1.twilio.com", "api.sydney.au1.twilio.com");
    }

    @Test
    void aLiveKeyPairedWithTheWrongAccountSidIsLiveNotDead() {
        String wrongAc = ac(0x20b);
        String ownAc = ac(0x20c);
        String sk = sk(0x20b);
        // The key belongs to ownAc: every path under wrongAc refuses it (the catch-all 401/20003), Verify accepts it.
        twilio.messages(ownAc, sk, KEY_SECRET);
        twilio.verifyServices(sk, KEY_SECRET, ownAc);

        LivenessResult r = fut.facade().checkApiKey(wrongAc, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.revealedAccountSid()).isEqualTo(ownAc);
        assertThat(r.reason()).contains("not on account " + wrongAc).contains("wrong Account SID");
        assertThat(twilio.hostsAsked()).last().isEqualTo("verify.twilio.com");
    }

    @Test
    void refusedOnTheAccountButUnansweredByTheKeyOnlyCheckIsIndeterminate() {
        String ac = ac(0x20d);
        String sk = sk(0x20d);
        // A Verify outage, for any credential as Twilio's outages are.
        twilio.stubFor(get(urlPathEqualTo("/v2/Services")).atPriority(1)
                .willReturn(twilioError(503, 20500, "Service Unavailable")));

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.reason()).startsWith("refused (401, 20003) in us1, ie1, au1, then: ");
    }

    @Test
    void liveKeyWhoseTypeCannotBeLearnedStaysLive() {
        String ac = ac(0x206);
        String sk = sk(0x206);
        twilio.messages(ac, sk, KEY_SECRET);
        twilio.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(json(503, ""))); // an outage, any credential

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.keyType()).isNull();
        assertThat(r.reason()).contains("key type unknown");
        assertThat(r.attempts()).isEqualTo(1 + fut.settings().maxAttempts());
    }

    @Test
    void withoutAccountSidVerifyProvesLivenessAndRevealsTheAccount() {
        String sk = sk(0x207);
        String revealed = ac(0x207);
        twilio.verifyServices(sk, KEY_SECRET, revealed);

        LivenessResult r = fut.facade().checkApiKey(null, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.revealedAccountSid()).isEqualTo(revealed);
        assertThat(r.accountSid()).isEqualTo(revealed);
        assertThat(r.keyType()).isNull();
        assertThat(twilio.requests()).singleElement().satisfies(req -> {
            assertThat(req.getUrl()).isEqualTo("/v2/Services?PageSize=1");
            assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("verify.twilio.com");
        });
    }

    @Test
    void withoutAccountSidAndWithoutServicesTheKeyIsLiveButTheAccountUnknown() {
        String sk = sk(0x208);
        twilio.verifyServices(sk, KEY_SECRET, null);

        LivenessResult r = fut.facade().checkApiKey("", sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.revealedAccountSid()).isNull();
    }

    @Test
    void withoutAccountSidADeadKeyIsNotLive() {
        LivenessResult r = fut.facade().checkApiKey(null, sk(0x209), KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LIVE);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(twilio.requests()).singleElement()
                .satisfies(req -> assertThat(req.getUrl()).startsWith("/v2/Services"));
    }

    @Test
    void malformedKeyInputIsNotCheckable() {
        assertThat(fut.facade().checkApiKey(ac(1), "AC" + "0".repeat(32), KEY_SECRET).verdict())
                .isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(fut.facade().checkApiKey(ac(1), sk(1), "").verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(fut.facade().checkApiKey("ACnothex", sk(1), KEY_SECRET).verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(twilio.requests()).isEmpty();
    }
}
