package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.leakresponder.testsupport.TwilioDouble.basic;
import static io.leakresponder.testsupport.TwilioDouble.keyPath;
import static io.leakresponder.testsupport.TwilioDouble.keysPath;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.NEW_KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.twilio.RotationOutcome.Status;
import io.leakresponder.twilio.TwilioRotation.NewApiKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API key creation and deletion through the real twilio-java client against WireMock. */
class TwilioRotationApiKeyTest {

    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.writable();
    static final FacadeUnderTest rut = FacadeUnderTest.over(twilio);

    @Test
    void createsAKeyWithItsFriendlyNameAndReturnsTheSecretOnce() {
        String ac = ac(0x801);
        String newSk = sk(0x8011);
        twilio.createsKey(ac, ac, TOKEN, newSk, "incident 42 replacement", NEW_KEY_SECRET);

        RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.authToken(ac, TOKEN),
                "incident 42 replacement");

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value().keySid()).isEqualTo(newSk);
        assertThat(r.value().friendlyName()).isEqualTo("incident 42 replacement");
        assertThat(r.value().secret().reveal()).isEqualTo(NEW_KEY_SECRET);
        assertThat(r.value().dateCreated()).isEqualTo(Instant.parse("2026-11-28T10:30:00Z"));
        assertThat(r.httpStatus()).isEqualTo(201);
        assertThat(r.reason()).isEqualTo("API key " + newSk + " created; its secret is shown only now");

        assertThat(twilio.requests()).hasSize(1);
        LoggedRequest req = twilio.requests().get(0);
        assertThat(req.getMethod().getName()).isEqualTo("POST");
        assertThat(req.getUrl()).isEqualTo(keysPath(ac));
        assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("api.twilio.com");
        assertThat(req.getHeader("Authorization")).isEqualTo(basic(ac, TOKEN));
        assertThat(req.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(req.formParameters()).containsOnlyKeys("FriendlyName");
        assertThat(req.formParameter("FriendlyName").firstValue()).isEqualTo("incident 42 replacement");
    }

    @Test
    void aMainKeyAuthenticatesAsItselfOnItsAccountsPath() {
        String ac = ac(0x802);
        String mainSk = sk(0x802);
        String newSk = sk(0x8021);
        twilio.createsKey(ac, mainSk, KEY_SECRET, newSk, "", NEW_KEY_SECRET);

        RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.apiKey(ac, mainSk, KEY_SECRET), null);

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value().keySid()).isEqualTo(newSk);
        LoggedRequest req = twilio.requests().get(0);
        assertThat(req.getUrl()).isEqualTo(keysPath(ac)); // the AC, not the SK, in the path
        assertThat(req.getHeader("Authorization")).isEqualTo(basic(mainSk, KEY_SECRET));
        assertThat(req.formParameters()).isEmpty(); // no friendly name asked for, none sent
    }

    @Test
    void aBadFriendlyNameSendsNothing() {
        RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.authToken(ac(0x803), TOKEN),
                "x".repeat(65));

        assertThat(r.status()).isEqualTo(Status.INVALID_INPUT);
        assertThat(r.attempts()).isZero();
        assertThat(twilio.requests()).isEmpty();
    }

    @Test
    void deletesAKey() {
        String ac = ac(0x804);
        String leaked = sk(0x8041);
        twilio.deletesKey(ac, ac, TOKEN, leaked);

        RotationOutcome<Void> r = rut.rotation().deleteApiKey(TwilioAuth.authToken(ac, TOKEN), leaked);

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.httpStatus()).isEqualTo(204);
        assertThat(r.reason()).isEqualTo("API key " + leaked + " deleted");
        LoggedRequest req = twilio.requests().get(0);
        assertThat(req.getMethod().getName()).isEqualTo("DELETE");
        assertThat(req.getUrl()).isEqualTo(keyPath(ac, leaked));
        assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("api.twilio.com");
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void deletingAKeyThatIsGoneIsNotFound() {
        String ac = ac(0x805);
        String gone = sk(0x8051);
        twilio.stubFor(delete(urlEqualTo(keyPath(ac, gone))).withBasicAuth(ac, TOKEN)
                .willReturn(twilioError(404, 20404, "Not Found")));

        RotationOutcome<Void> r = rut.rotation().deleteApiKey(TwilioAuth.authToken(ac, TOKEN), gone);

        assertThat(r.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(r.reason()).isEqualTo("API key " + gone + " not found: already deleted, or not a key of " + ac
                + " (HTTP 404, code 20404)");
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void aMalformedKeySidSendsNothing() {
        RotationOutcome<Void> r = rut.rotation().deleteApiKey(TwilioAuth.authToken(ac(0x806), TOKEN),
                "SK../../Accounts");

        assertThat(r.status()).isEqualTo(Status.INVALID_INPUT);
        assertThat(twilio.requests()).isEmpty();
    }

    @Test
    void aStandardKeyMayNotManageKeys() {
        String ac = ac(0x807);
        String standard = sk(0x807);
        twilio.stubFor(post(urlEqualTo(keysPath(ac))).willReturn(twilioError(401, 20003, "Authenticate")));
        twilio.messagesReadableBy(ac, standard, KEY_SECRET);

        RotationOutcome<NewApiKey> r = rut.rotation().createApiKey(TwilioAuth.apiKey(ac, standard, KEY_SECRET), "x");

        assertThat(r.status()).isEqualTo(Status.FORBIDDEN);
        assertThat(r.reason()).isEqualTo("Twilio refused to create an API key with the API key " + standard
                + " (401, code 20003); the key does read messages, so it is a Standard key: "
                + "needs a Main API key or the account's Auth Token");
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void aDeadKeyIsUnauthorized() {
        String ac = ac(0x808);
        String dead = sk(0x808);
        // Everything answers 401/20003 (the mock's default): the key reads nothing.

        RotationOutcome<Void> r = rut.rotation().deleteApiKey(TwilioAuth.apiKey(ac, dead, KEY_SECRET), sk(0x8081));

        assertThat(r.status()).isEqualTo(Status.UNAUTHORIZED);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(r.reason())
                .startsWith("Twilio rejected the API key " + dead + " (401, code 20003): it no longer works");
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(twilio.requests()).extracting(q -> q.getMethod().getName())
                .containsExactlyInAnyOrder("DELETE", "GET"); // the delete once, never repeated
    }

    @Test
    void aRestrictedKeyIsForbidden() {
        String ac = ac(0x809);
        String restricted = sk(0x809);
        twilio.stubFor(delete(urlPathEqualTo(keyPath(ac, sk(0x8091))))
                .willReturn(twilioError(401, 70051, "Authorization failed")));

        RotationOutcome<Void> r = rut.rotation().deleteApiKey(TwilioAuth.apiKey(ac, restricted, KEY_SECRET),
                sk(0x8091));

        assertThat(r.status()).isEqualTo(Status.FORBIDDEN);
        assertThat(r.twilioErrorCode()).isEqualTo(70051);
        assertThat(r.attempts()).isEqualTo(1);
    }
}
