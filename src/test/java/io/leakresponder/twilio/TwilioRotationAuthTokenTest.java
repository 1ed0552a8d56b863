package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.leakresponder.testsupport.TwilioDouble.PROMOTE_PATH;
import static io.leakresponder.testsupport.TwilioDouble.SECONDARY_PATH;
import static io.leakresponder.testsupport.TwilioDouble.basic;
import static io.leakresponder.testsupport.TwilioDouble.messagesPath;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.NEW_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.twilio.RotationOutcome.Operation;
import io.leakresponder.twilio.RotationOutcome.Status;
import io.leakresponder.twilio.TwilioRotation.NewSecondaryToken;
import io.leakresponder.twilio.TwilioRotation.PromotedToken;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Auth Token rotation (secondary, promote, delete) through the real twilio-java client against WireMock. */
class TwilioRotationAuthTokenTest {

    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.writable();
    static final FacadeUnderTest rut = FacadeUnderTest.over(twilio);

    @Test
    void createsASecondaryTokenOnTheAccountsHost() {
        String ac = ac(0x701);
        twilio.createsSecondary(ac, TOKEN, NEW_TOKEN);

        RotationOutcome<NewSecondaryToken> r = rut.rotation().createSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.operation()).isEqualTo(Operation.CREATE_SECONDARY_AUTH_TOKEN);
        assertThat(r.value().accountSid()).isEqualTo(ac);
        assertThat(r.value().token().reveal()).isEqualTo(NEW_TOKEN);
        assertThat(r.value().dateCreated()).isEqualTo(Instant.parse("2026-11-28T10:15:00Z"));
        assertThat(r.httpStatus()).isEqualTo(201);
        assertThat(r.attempts()).isEqualTo(1);

        List<LoggedRequest> sent = twilio.requests();
        assertThat(sent).hasSize(1);
        LoggedRequest req = sent.get(0);
        assertThat(req.getMethod().getName()).isEqualTo("POST");
        assertThat(req.getUrl()).isEqualTo(SECONDARY_PATH);
        assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("accounts.twilio.com");
        assertThat(req.getHeader("Authorization")).isEqualTo(basic(ac, TOKEN));
        assertThat(req.getBodyAsString()).isEmpty(); // no SuppressEmailNotification: Twilio should email the owner
    }

    @Test
    void promotesTheSecondaryAndReturnsTheNewPrimary() {
        String ac = ac(0x702);
        twilio.promotes(ac, TOKEN, NEW_TOKEN);

        RotationOutcome<PromotedToken> r = rut.rotation().promoteSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value().accountSid()).isEqualTo(ac);
        assertThat(r.value().authToken().reveal()).isEqualTo(NEW_TOKEN);
        assertThat(r.value().dateUpdated()).isEqualTo(Instant.parse("2026-11-28T10:20:00Z"));
        assertThat(r.reason()).contains("previous primary no longer works");
        LoggedRequest req = twilio.requests().get(0);
        assertThat(req.getMethod().getName()).isEqualTo("POST");
        assertThat(req.getUrl()).isEqualTo(PROMOTE_PATH);
        assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("accounts.twilio.com");
        assertThat(req.getHeader("Authorization")).isEqualTo(basic(ac, TOKEN));
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void deletesTheSecondary() {
        String ac = ac(0x703);
        twilio.deletesSecondary(ac, TOKEN);

        RotationOutcome<Void> r = rut.rotation().deleteSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value()).isNull();
        assertThat(r.httpStatus()).isEqualTo(204);
        LoggedRequest req = twilio.requests().get(0);
        assertThat(req.getMethod().getName()).isEqualTo("DELETE");
        assertThat(req.getUrl()).isEqualTo(SECONDARY_PATH);
        assertThat(req.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("accounts.twilio.com");
    }

    @Test
    void aTokenRotatedOutsideTheWorkflowIsUnauthorized() {
        String ac = ac(0x704);
        twilio.stubFor(post(urlEqualTo(PROMOTE_PATH)).willReturn(twilioError(401, 20003, "Authenticate")));

        RotationOutcome<PromotedToken> r = rut.rotation().promoteSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.UNAUTHORIZED);
        assertThat(r.value()).isNull();
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(r.reason()).contains("no longer works").contains("rotated outside this workflow");
        assertThat(r.attempts()).isEqualTo(1); // an answer: not retried, and no key to probe
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void deletingAMissingSecondaryIsNotFound() {
        String ac = ac(0x705);
        twilio.stubFor(delete(urlEqualTo(SECONDARY_PATH)).withBasicAuth(ac, TOKEN)
                .willReturn(twilioError(404, 20404, "Not Found")));

        RotationOutcome<Void> r = rut.rotation().deleteSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(r.twilioErrorCode()).isEqualTo(20404);
        assertThat(r.reason())
                .isEqualTo("no secondary auth token: already deleted or never created (HTTP 404, code 20404)");
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void aStandardKeyRefusedWith401IsToldApartFromADeadKeyByAMessagesRead() {
        String ac = ac(0x706);
        String sk = sk(0x706);
        twilio.stubFor(post(urlEqualTo(SECONDARY_PATH)).willReturn(twilioError(401, 20003, "Authenticate")));
        twilio.messagesReadableBy(ac, sk, KEY_SECRET);

        RotationOutcome<NewSecondaryToken> r = rut.rotation()
                .createSecondaryAuthToken(TwilioAuth.apiKey(ac, sk, KEY_SECRET));

        assertThat(r.status()).isEqualTo(Status.FORBIDDEN);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.twilioErrorCode()).isEqualTo(20003);
        assertThat(r.reason()).contains("Standard key").endsWith("needs a Main API key or the account's Auth Token");
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(twilio.requests())
                .extracting(q -> q.getMethod().getName() + " " + q.getUrl().replaceAll("\\?.*", ""))
                .containsExactlyInAnyOrder("POST " + SECONDARY_PATH, "GET " + messagesPath(ac));
    }

    @Test
    void a403ForAKeyIsForbiddenWithoutAFollowUp() {
        String ac = ac(0x707);
        String sk = sk(0x707);
        twilio.stubFor(post(urlEqualTo(PROMOTE_PATH)).withBasicAuth(sk, KEY_SECRET)
                .willReturn(twilioError(403, 20403, "Forbidden")));

        RotationOutcome<PromotedToken> r = rut.rotation()
                .promoteSecondaryAuthToken(TwilioAuth.apiKey(ac, sk, KEY_SECRET));

        assertThat(r.status()).isEqualTo(Status.FORBIDDEN);
        assertThat(r.reason()).isEqualTo("the API key " + sk + " may not promote the secondary auth token "
                + "(HTTP 403, code 20403): needs a Main API key or the account's Auth Token");
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void a403ForTheAuthTokenNamesASuspendedAccount() {
        String ac = ac(0x708);
        twilio.stubFor(post(urlEqualTo(SECONDARY_PATH)).withBasicAuth(ac, TOKEN)
                .willReturn(twilioError(403, 20403, "Forbidden")));

        RotationOutcome<NewSecondaryToken> r = rut.rotation().createSecondaryAuthToken(TwilioAuth.authToken(ac, TOKEN));

        assertThat(r.status()).isEqualTo(Status.FORBIDDEN);
        assertThat(r.reason()).contains("suspended or closed");
        assertThat(r.attempts()).isEqualTo(1);
    }
}
