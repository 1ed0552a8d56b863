package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.leakresponder.testsupport.TwilioDouble.PROMOTE_PATH;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.keysPath;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.NEW_KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.NEW_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.SUB_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The new secrets Twilio hands out (secondary token, promoted token, key secret), the auth secret used and the
 * subaccount tokens in listings appear in no log line (this service and twilio-java at their most verbose) and in
 * no outcome's {@code toString()}, while the outcomes do carry them for the caller.
 */
class RotationSecretHygieneTest {

    @RegisterExtension
    final VerboseLogs logs = new VerboseLogs();

    @Test
    void writesAndListingsLogNoSecretAndOutcomesPrintNone() {
        String ac = ac(0xb01);
        String mainSk = sk(0xb01);
        String newSk = sk(0xb02);
        String sub = ac(0xb03);
        String trapAc = ac(0xb04);
        List<RotationOutcome<?>> outcomes = new ArrayList<>();
        try (TwilioDouble twilio = TwilioDouble.writable()) { // anything not stubbed below: 401/20003
            // Each write and listing answers only the credential Twilio accepts for it.
            twilio.createsSecondary(ac, TOKEN, NEW_TOKEN);
            twilio.promotes(ac, TOKEN, NEW_TOKEN);
            twilio.deletesSecondary(ac, TOKEN);
            twilio.createsKey(ac, mainSk, KEY_SECRET, newSk, "replacement", NEW_KEY_SECRET);
            twilio.deletesKey(ac, mainSk, KEY_SECRET, newSk);
            twilio.accounts(ac, TOKEN, List.of(
                    TwilioFixtures.listedAccount(ac, ac, "active", "Parent", "Thu, 30 Jul 2015 20:00:00 +0000", TOKEN),
                    TwilioFixtures.listedAccount(sub, ac, "active", "Sub", "Sat, 28 Nov 2026 03:20:00 +0000",
                            SUB_TOKEN)));
            // Unreadable successes that quote the new secrets: parser messages would leak them if anything logged them.
            twilio.stubFor(post(urlEqualTo(keysPath(trapAc))).withBasicAuth(trapAc, TOKEN)
                    .willReturn(json(201, "{\"secret\": \"" + NEW_KEY_SECRET + "\", " + NEW_KEY_SECRET)));
            twilio.stubFor(post(urlEqualTo(PROMOTE_PATH)).withBasicAuth(trapAc, TOKEN).atPriority(1)
                    .willReturn(json(200, "[\"" + NEW_TOKEN + "\"")));

            try (FacadeUnderTest rut = FacadeUnderTest.create(twilio.baseUrl())) {
                TwilioRotation rotation = rut.rotation();
                TwilioAuth byToken = TwilioAuth.authToken(ac, TOKEN);
                TwilioAuth byMainKey = TwilioAuth.apiKey(ac, mainSk, KEY_SECRET);
                outcomes.add(rotation.createSecondaryAuthToken(byToken));
                outcomes.add(rotation.promoteSecondaryAuthToken(byToken));
                outcomes.add(rotation.deleteSecondaryAuthToken(byToken));
                outcomes.add(rotation.createApiKey(byMainKey, "replacement"));
                outcomes.add(rotation.deleteApiKey(byMainKey, newSk));
                outcomes.add(rotation.listSubaccounts(byToken));
                outcomes.add(rotation.createApiKey(TwilioAuth.authToken(trapAc, TOKEN), "trap"));
                outcomes.add(rotation.promoteSecondaryAuthToken(TwilioAuth.authToken(trapAc, TOKEN)));
                outcomes.add(rotation.currentTokenAuthenticates(TwilioAuth.authToken(ac(0xb05), TOKEN)));
            }
        }

        assertThat(outcomes).extracting(RotationOutcome::status).containsExactly(
                RotationOutcome.Status.OK, RotationOutcome.Status.OK, RotationOutcome.Status.OK,
                RotationOutcome.Status.OK, RotationOutcome.Status.OK, RotationOutcome.Status.OK,
                RotationOutcome.Status.UNKNOWN_OUTCOME, RotationOutcome.Status.UNKNOWN_OUTCOME,
                RotationOutcome.Status.UNAUTHORIZED);
        // The outcomes do carry the secrets, so the checks below are not vacuous.
        assertThat(((TwilioRotation.NewSecondaryToken) outcomes.get(0).value()).token().reveal()).isEqualTo(NEW_TOKEN);
        assertThat(((TwilioRotation.PromotedToken) outcomes.get(1).value()).authToken().reveal()).isEqualTo(NEW_TOKEN);
        assertThat(((TwilioRotation.NewApiKey) outcomes.get(3).value()).secret().reveal()).isEqualTo(NEW_KEY_SECRET);
        assertThat(outcomes.get(0).toString()).contains("token=(redacted)");
        // The capture works: this service's and the SDK's debug lines are there.
        assertThat(logs.captured())
                .anyMatch(line -> line.contains("Twilio CREATE_API_KEY on " + ac + " with " + mainSk + ": OK"));
        assertThat(logs.captured()).anyMatch(line -> line.contains("Twilio LIST_SUBACCOUNTS on " + ac));
        assertThat(logs.captured()).anyMatch(line -> line.contains("BEGIN Twilio API Request"));

        List<String> forbidden = List.of(NEW_TOKEN, NEW_KEY_SECRET, TOKEN, KEY_SECRET, SUB_TOKEN,
                VerboseLogs.basic(ac, TOKEN), VerboseLogs.basic(mainSk, KEY_SECRET), VerboseLogs.basic(trapAc, TOKEN));
        for (String secret : forbidden) {
            assertThat(logs.captured()).noneMatch(line -> line.contains(secret));
            assertThat(outcomes).noneMatch(o -> o.toString().contains(secret));
        }
    }

    @Test
    void theAuthAndTheSecretWrapperPrintNoSecret() {
        TwilioAuth byToken = TwilioAuth.authToken(ac(0xb06), TOKEN);
        TwilioAuth byKey = TwilioAuth.apiKey(ac(0xb06), sk(0xb06), KEY_SECRET);

        assertThat(byToken.toString())
                .isEqualTo("TwilioAuth[accountSid=" + ac(0xb06) + ", keySid=null, region=us1, secret=(redacted)]");
        assertThat(byKey.toString()).doesNotContain(KEY_SECRET).contains(sk(0xb06));
        assertThat(TwilioSecret.of(NEW_TOKEN).toString()).isEqualTo("(redacted)");
        assertThat(new TwilioRotation.NewApiKey(sk(0xb07), "n", TwilioSecret.of(NEW_KEY_SECRET), null).toString())
                .doesNotContain(NEW_KEY_SECRET);
        assertThat(TwilioSecret.of(NEW_TOKEN).sameAs(TwilioSecret.of(NEW_TOKEN))).isTrue();
        assertThat(TwilioSecret.of(NEW_TOKEN).sameAs(TwilioSecret.of(NEW_KEY_SECRET))).isFalse();
    }

    @Test
    void malformedAuthIsRefusedWithoutEchoingTheValue() {
        // A secret passed where the SID belongs must not end up in the exception message.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TwilioAuth.authToken(TOKEN, TOKEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(TOKEN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TwilioAuth.apiKey(ac(1), KEY_SECRET, KEY_SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(KEY_SECRET);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TwilioAuth.authToken(ac(1), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

}
