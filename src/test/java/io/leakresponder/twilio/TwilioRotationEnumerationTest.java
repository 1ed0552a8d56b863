package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.leakresponder.testsupport.TwilioDouble.ACCOUNTS_PATH;
import static io.leakresponder.testsupport.TwilioDouble.basic;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.keysPath;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.SUB_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import io.leakresponder.twilio.LivenessResult.AccountStatus;
import io.leakresponder.twilio.RotationOutcome.Status;
import io.leakresponder.twilio.TwilioRotation.ApiKeyInfo;
import io.leakresponder.twilio.TwilioRotation.SubaccountInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Listing keys and subaccounts, and the "does this credential still work" check. */
class TwilioRotationEnumerationTest {

    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.writable();
    static final FacadeUnderTest rut = FacadeUnderTest.over(twilio, b -> b.maxAttempts(3));

    private static String page2Uri(String ac) {
        return keysPath(ac) + "?PageSize=1000&Page=1&PageToken=PASK00000000000000000000000000000002";
    }

    private void twoPagesOfKeys(String ac) {
        twilio.stubFor(get(urlEqualTo(keysPath(ac) + "?PageSize=1000")).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, TwilioFixtures.keysPage(ac, 0, List.of(
                        TwilioFixtures.key(sk(0x9011), "ci deploy", "Mon, 02 Nov 2026 08:00:00 +0000"),
                        TwilioFixtures.key(sk(0x9012), "backup", "Fri, 27 Nov 2026 23:59:59 +0000")),
                        page2Uri(ac)))));
        twilio.stubFor(get(urlEqualTo(page2Uri(ac))).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, TwilioFixtures.keysPage(ac, 1, List.of(
                        TwilioFixtures.key(sk(0x9013), "attacker", "Sat, 28 Nov 2026 03:14:15 +0000")), null))));
    }

    @Test
    void listsEveryPageOfKeys() {
        String ac = ac(0x901);
        twoPagesOfKeys(ac);

        RotationOutcome<List<ApiKeyInfo>> r = rut.rotation().listApiKeys(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value()).containsExactly(
                new ApiKeyInfo(sk(0x9011), "ci deploy", Instant.parse("2026-11-02T08:00:00Z")),
                new ApiKeyInfo(sk(0x9012), "backup", Instant.parse("2026-11-27T23:59:59Z")),
                new ApiKeyInfo(sk(0x9013), "attacker", Instant.parse("2026-11-28T03:14:15Z")));
        assertThat(r.reason()).isEqualTo("3 API key(s) in 2 page(s)");
        assertThat(r.attempts()).isEqualTo(2);
        List<LoggedRequest> sent = twilio.requests();
        assertThat(sent).extracting(LoggedRequest::getUrl)
                .containsExactlyInAnyOrder(keysPath(ac) + "?PageSize=1000", page2Uri(ac));
        assertThat(sent).allSatisfy(q -> {
            assertThat(q.getMethod().getName()).isEqualTo("GET");
            assertThat(q.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("api.twilio.com");
            assertThat(q.getHeader("Authorization")).isEqualTo(basic(ac, TOKEN));
        });
    }

    @Test
    void aReadIsRetriedAfterA429() {
        String ac = ac(0x902);
        // The rate limit, for any credential as Twilio's are; the answer after it, for the account's token only.
        twilio.stubFor(get(urlEqualTo(keysPath(ac) + "?PageSize=1000")).inScenario("429")
                .whenScenarioStateIs(STARTED).willReturn(twilioError(429, 20429, "Too Many Requests"))
                .willSetStateTo("calm"));
        twilio.stubFor(get(urlEqualTo(keysPath(ac) + "?PageSize=1000")).inScenario("429")
                .whenScenarioStateIs("calm").withBasicAuth(ac, TOKEN)
                .willReturn(json(200, TwilioFixtures.keysPage(ac, 0, List.of(
                        TwilioFixtures.key(sk(0x9021), "only", "Mon, 02 Nov 2026 08:00:00 +0000")), null))));

        RotationOutcome<List<ApiKeyInfo>> r = rut.rotation().listApiKeys(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value()).extracting(ApiKeyInfo::sid).containsExactly(sk(0x9021));
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(twilio.requests()).hasSize(2);
    }

    @Test
    void aReadRetriesServerErrorsThenIsUnavailable() {
        String ac = ac(0x903);
        // An outage, for any credential as Twilio's outages are.
        twilio.stubFor(get(urlPathEqualTo(ACCOUNTS_PATH)).willReturn(twilioError(500, 20500, "Internal Server Error")));

        RotationOutcome<List<SubaccountInfo>> r = rut.rotation().listSubaccounts(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(r.value()).isNull();
        assertThat(r.httpStatus()).isEqualTo(500);
        assertThat(r.reason()).isEqualTo("page 1: Twilio server error (HTTP 500, code 20500); retries exhausted");
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(twilio.requests()).hasSize(3);
    }

    @Test
    void aFailedLaterPageGivesNoPartialList() {
        String ac = ac(0x904);
        twoPagesOfKeys(ac);
        twilio.stubFor(get(urlEqualTo(page2Uri(ac))).atPriority(1) // an outage, any credential
                .willReturn(twilioError(503, 20503, "Unavailable")));

        RotationOutcome<List<ApiKeyInfo>> r = rut.rotation().listApiKeys(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(r.value()).isNull();
        assertThat(r.reason()).startsWith("page 2: ");
        assertThat(r.attempts()).isEqualTo(1 + 3);
    }

    @Test
    void pagingThatDoesNotAdvanceStops() {
        String ac = ac(0x905);
        String self = keysPath(ac) + "?PageSize=1000";
        twilio.stubFor(get(urlEqualTo(self)).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, TwilioFixtures.keysPage(ac, 0, List.of(
                        TwilioFixtures.key(sk(0x9051), "loop", "Mon, 02 Nov 2026 08:00:00 +0000")), self))));

        RotationOutcome<List<ApiKeyInfo>> r = rut.rotation().listApiKeys(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.value()).isNull();
        assertThat(r.reason()).contains("paging does not end");
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void listsSubaccountsWithoutTheAccountItselfOrAnyToken() {
        String parent = ac(0x906);
        String sub1 = ac(0x9061);
        String sub2 = ac(0x9062);
        twilio.stubFor(get(urlEqualTo(ACCOUNTS_PATH + "?PageSize=1000")).withBasicAuth(parent, TOKEN)
                .willReturn(json(200, TwilioFixtures.accountsPage(List.of(
                        TwilioFixtures.listedAccount(parent, parent, "active", "Parent",
                                "Thu, 30 Jul 2015 20:00:00 +0000", TOKEN),
                        TwilioFixtures.listedAccount(sub1, parent, "active", "made by attacker",
                                "Sat, 28 Nov 2026 03:20:00 +0000", SUB_TOKEN),
                        TwilioFixtures.listedAccount(sub2, parent, "closed", "old project",
                                "Tue, 01 Jan 2019 00:00:00 +0000", SUB_TOKEN))))));

        RotationOutcome<List<SubaccountInfo>> r = rut.rotation().listSubaccounts(TwilioAuth.authToken(parent, TOKEN));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value()).containsExactly(
                new SubaccountInfo(sub1, "made by attacker", AccountStatus.ACTIVE,
                        Instant.parse("2026-11-28T03:20:00Z"), parent),
                new SubaccountInfo(sub2, "old project", AccountStatus.CLOSED, Instant.parse("2019-01-01T00:00:00Z"),
                        parent));
        assertThat(r.toString()).doesNotContain(SUB_TOKEN).doesNotContain(TOKEN);
        LoggedRequest req = twilio.requests().get(0);
        assertThat(req.getUrl()).isEqualTo(ACCOUNTS_PATH + "?PageSize=1000");
        assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("api.twilio.com");
    }

    @Test
    void aStandardKeyMayNotListKeys() {
        String ac = ac(0x907);
        String standard = sk(0x907);
        twilio.messagesReadableBy(ac, standard, KEY_SECRET);

        RotationOutcome<List<ApiKeyInfo>> r = rut.rotation().listApiKeys(TwilioAuth.apiKey(ac, standard, KEY_SECRET));

        assertThat(r.status()).isEqualTo(Status.FORBIDDEN);
        assertThat(r.reason()).endsWith("needs a Main API key or the account's Auth Token");
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void theCurrentTokenAuthenticates() {
        String ac = ac(0x908);
        twilio.account(ac, ac, TOKEN, ac, "active", "Full");

        RotationOutcome<Boolean> r = rut.rotation().currentTokenAuthenticates(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aTokenRotatedElsewhereNoLongerAuthenticates() {
        String ac = ac(0x909);

        RotationOutcome<Boolean> r = rut.rotation().currentTokenAuthenticates(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.UNAUTHORIZED);
        assertThat(r.value()).isFalse();
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void aStandardKeyAuthenticatesThoughRefusedOnTheAccount() {
        String ac = ac(0x90a);
        String standard = sk(0x90a);
        twilio.messagesReadableBy(ac, standard, KEY_SECRET);

        RotationOutcome<Boolean> live = rut.rotation()
                .currentTokenAuthenticates(TwilioAuth.apiKey(ac, standard, KEY_SECRET));
        RotationOutcome<Boolean> dead = rut.rotation()
                .currentTokenAuthenticates(TwilioAuth.apiKey(ac, sk(0x90b), KEY_SECRET));

        assertThat(live.status()).isEqualTo(Status.OK);
        assertThat(live.value()).isTrue();
        assertThat(live.reason()).contains("Standard key");
        assertThat(live.attempts()).isEqualTo(2);
        assertThat(dead.status()).isEqualTo(Status.UNAUTHORIZED);
        assertThat(dead.value()).isFalse();
        assertThat(dead.attempts()).isEqualTo(2);
    }
}
