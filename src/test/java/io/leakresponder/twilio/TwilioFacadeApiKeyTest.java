package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.leakresponder.twilio.Fixtures.KEY_SECRET;
import static io.leakresponder.twilio.Fixtures.OTHER_TOKEN;
import static io.leakresponder.twilio.Fixtures.ac;
import static io.leakresponder.twilio.Fixtures.sk;
import static io.leakresponder.twilio.MockTwilio.accountPath;
import static io.leakresponder.twilio.MockTwilio.json;
import static io.leakresponder.twilio.MockTwilio.messagesPath;
import static io.leakresponder.twilio.MockTwilio.twilioError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.LivenessResult.KeyType;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API key checks (with and without the account SID) through the real twilio-java client against WireMock. */
class TwilioFacadeApiKeyTest {

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
    void mainKeyReadsMessagesAndTheAccount() {
        String ac = ac(0x201);
        String sk = sk(0x201);
        mock.messages(ac, sk, KEY_SECRET);
        mock.account(ac, sk, KEY_SECRET, ac, "active", "Full");

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.keyType()).isEqualTo(KeyType.MAIN);
        assertThat(r.accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(r.accountSid()).isEqualTo(ac);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(mock.requests()).extracting(LoggedRequest::getUrl)
                .containsExactlyInAnyOrder(messagesPath(ac) + "?PageSize=1", accountPath(ac));
    }

    @Test
    void standardKeyReadsMessagesButGets401OnTheAccount() {
        String ac = ac(0x202);
        String sk = sk(0x202);
        mock.messages(ac, sk, KEY_SECRET);

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
        mock.messages(ac, sk, KEY_SECRET);
        mock.server.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(sk, KEY_SECRET).atPriority(1)
                .willReturn(twilioError(401, 70051, "Authorization failed")));

        assertThat(fut.facade().checkApiKey(ac, sk, KEY_SECRET).keyType()).isEqualTo(KeyType.STANDARD);
    }

    @Test
    void restrictedKeyRefusedOnMessagesWith70051IsLiveAndRestricted() {
        String ac = ac(0x203);
        String sk = sk(0x203);
        mock.server.stubFor(get(urlPathEqualTo(messagesPath(ac))).withBasicAuth(sk, KEY_SECRET)
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
        mock.messages(ac, sk, KEY_SECRET);
        mock.server.stubFor(get(urlEqualTo(accountPath(ac))).withBasicAuth(sk, KEY_SECRET)
                .willReturn(twilioError(403, 70051, "Authorization failed")));

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.keyType()).isEqualTo(KeyType.RESTRICTED);
    }

    @Test
    void revokedKeyIsNotLive() {
        String ac = ac(0x205);
        String sk = sk(0x205);
        mock.messages(ac, sk, KEY_SECRET);

        LivenessResult r = fut.facade().checkApiKey(ac, sk, OTHER_TOKEN);

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LIVE);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(r.keyType()).isNull();
        // Refused on the account's messages in each region, then by the key-only check; never asked about the account.
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(mock.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com",
                "api.sydney.au1.twilio.com", "verify.twilio.com");
    }

    @Test
    void aKeyOfAnotherRegionIsLiveThere() {
        String ac = ac(0x20a);
        String sk = sk(0x20a);
        mock.messages(TwilioRegion.AU1, ac, sk, KEY_SECRET);

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.region()).isEqualTo(TwilioRegion.AU1);
        // Standard: the AU1 account resource refuses it (the catch-all 401), like Twilio does for Standard keys.
        assertThat(r.keyType()).isEqualTo(KeyType.STANDARD);
        assertThat(mock.hostsAsked()).containsExactly("api.twilio.com", "api.dublin.ie1.twilio.com",
                "api.sydney.au1.twilio.com", "api.sydney.au1.twilio.com");
    }

    @Test
    void aLiveKeyPairedWithTheWrongAccountSidIsLiveNotDead() {
        String wrongAc = ac(0x20b);
        String ownAc = ac(0x20c);
        String sk = sk(0x20b);
        // The key belongs to ownAc: every path under wrongAc refuses it (the catch-all 401/20003), Verify accepts it.
        mock.messages(ownAc, sk, KEY_SECRET);
        mock.server.stubFor(get(urlPathEqualTo("/v2/Services")).withBasicAuth(sk, KEY_SECRET).atPriority(1)
                .withHeader(TwilioTransport.FORWARDED_HOST, equalTo("verify.twilio.com"))
                .willReturn(json(200, Fixtures.read("verify-services.json", Map.of("accountSid", ownAc)))));

        LivenessResult r = fut.facade().checkApiKey(wrongAc, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.revealedAccountSid()).isEqualTo(ownAc);
        assertThat(r.reason()).contains("not on account " + wrongAc).contains("wrong Account SID");
        assertThat(mock.hostsAsked()).last().isEqualTo("verify.twilio.com");
    }

    @Test
    void refusedOnTheAccountButUnansweredByTheKeyOnlyCheckIsIndeterminate() {
        String ac = ac(0x20d);
        String sk = sk(0x20d);
        // A Verify outage, for any credential as Twilio's outages are.
        mock.server.stubFor(get(urlPathEqualTo("/v2/Services")).atPriority(1)
                .willReturn(twilioError(503, 20500, "Service Unavailable")));

        LivenessResult r = fut.facade().checkApiKey(ac, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(r.reason()).startsWith("refused (401, 20003) in us1, ie1, au1, then: ");
    }

    @Test
    void liveKeyWhoseTypeCannotBeLearnedStaysLive() {
        String ac = ac(0x206);
        String sk = sk(0x206);
        mock.messages(ac, sk, KEY_SECRET);
        mock.server.stubFor(get(urlEqualTo(accountPath(ac))).willReturn(json(503, ""))); // an outage, any credential

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
        mock.server.stubFor(get(urlPathEqualTo("/v2/Services")).withBasicAuth(sk, KEY_SECRET).atPriority(1)
                .willReturn(json(200, Fixtures.read("verify-services.json", Map.of("accountSid", revealed)))));

        LivenessResult r = fut.facade().checkApiKey(null, sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.revealedAccountSid()).isEqualTo(revealed);
        assertThat(r.accountSid()).isEqualTo(revealed);
        assertThat(r.keyType()).isNull();
        assertThat(mock.requests()).singleElement().satisfies(req -> {
            assertThat(req.getUrl()).isEqualTo("/v2/Services?PageSize=1");
            assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("verify.twilio.com");
        });
    }

    @Test
    void withoutAccountSidAndWithoutServicesTheKeyIsLiveButTheAccountUnknown() {
        String sk = sk(0x208);
        mock.server.stubFor(get(urlPathEqualTo("/v2/Services")).withBasicAuth(sk, KEY_SECRET).atPriority(1)
                .willReturn(json(200, Fixtures.read("verify-services-empty.json", Map.of()))));

        LivenessResult r = fut.facade().checkApiKey("", sk, KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.LIVE);
        assertThat(r.revealedAccountSid()).isNull();
    }

    @Test
    void withoutAccountSidADeadKeyIsNotLive() {
        LivenessResult r = fut.facade().checkApiKey(null, sk(0x209), KEY_SECRET);

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LIVE);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(mock.requests()).singleElement()
                .satisfies(req -> assertThat(req.getUrl()).startsWith("/v2/Services"));
    }

    @Test
    void malformedKeyInputIsNotCheckable() {
        assertThat(fut.facade().checkApiKey(ac(1), "AC" + "0".repeat(32), KEY_SECRET).verdict())
                .isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(fut.facade().checkApiKey(ac(1), sk(1), "").verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(fut.facade().checkApiKey("ACnothex", sk(1), KEY_SECRET).verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(mock.requests()).isEmpty();
    }
}
