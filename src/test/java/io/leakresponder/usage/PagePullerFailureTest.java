package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import io.leakresponder.twilio.TwilioFailure;
import io.leakresponder.usage.PagePuller.Kind;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** What a Twilio failure means to a pull, and how its reason reads, from the shared classification. */
class PagePullerFailureTest {

    static ApiException twilioError(int status, int code) {
        return new ApiException("Twilio's message", code, null, status, status, null, null, null);
    }

    /** The failure as a page read sees it, worded the pull's way. */
    static TwilioFailure read(RuntimeException e, Integer status) {
        TwilioFailure f = TwilioFailure.classify(e, status);
        return f.withReason(PagePuller.reason(e, f));
    }

    @Test
    void answersAboutTheCredentialMeanNoAccess() {
        TwilioFailure unauthorized = read(twilioError(401, TwilioFailure.AUTHENTICATE), 401);
        TwilioFailure restricted = read(twilioError(403, TwilioFailure.RESTRICTED), 403);
        TwilioFailure suspended = read(twilioError(403, TwilioFailure.ACCOUNT_SUSPENDED), 403);
        TwilioFailure notFound = read(twilioError(404, TwilioFailure.NOT_FOUND), 404);

        assertThat(PagePuller.kind(unauthorized)).isEqualTo(Kind.NO_ACCESS);
        assertThat(unauthorized.reason()).isEqualTo("Twilio rejected the credential (HTTP 401, code 20003): it no "
                + "longer works, or is another account's");
        assertThat(PagePuller.kind(restricted)).isEqualTo(Kind.NO_ACCESS);
        assertThat(restricted.reason()).isEqualTo("Twilio refused this read to the credential (HTTP 403, code 70051): "
                + "a Standard or restricted key, or a suspended account");
        assertThat(PagePuller.kind(suspended)).isEqualTo(Kind.NO_ACCESS);
        assertThat(PagePuller.kind(notFound)).isEqualTo(Kind.NO_ACCESS);
        assertThat(notFound.reason()).isEqualTo("Twilio found nothing to read (HTTP 404, code 20404): the account "
                + "does not exist or the credential may not see it");
    }

    @Test
    void otherClientErrorsFailThePull() {
        TwilioFailure bad = read(twilioError(400, 20001), 400);

        assertThat(PagePuller.kind(bad)).isEqualTo(Kind.FAILED);
        assertThat(bad.reason()).isEqualTo("Twilio rejected the request (HTTP 400, code 20001)");
    }

    @Test
    void aRateLimitIsRescheduled() {
        TwilioFailure limited = read(twilioError(429, TwilioFailure.TOO_MANY_REQUESTS), 429);

        assertThat(PagePuller.kind(limited)).isEqualTo(Kind.RATE_LIMITED);
        assertThat(limited.reason()).isEqualTo("Twilio answered 429: too many concurrent requests on the account "
                + "(HTTP 429, code 20429)");
    }

    @Test
    void outagesAndRefusedReadsMayPass() {
        TwilioFailure unavailable = read(twilioError(503, 20503), 503);
        TwilioFailure reset = read(new ApiConnectionException("failed", new SocketException("reset")), null);
        TwilioFailure unreadable = read(new ApiException("Unable to parse", new IllegalStateException()), 200);
        TwilioFailure unexpected = read(new IllegalArgumentException("x"), null);

        assertThat(PagePuller.kind(unavailable)).isEqualTo(Kind.TRANSIENT);
        assertThat(unavailable.reason()).isEqualTo("Twilio failed to answer (HTTP 503, code 20503)");
        assertThat(PagePuller.kind(reset)).isEqualTo(Kind.TRANSIENT);
        assertThat(reset.reason()).isEqualTo("no readable answer from Twilio (SocketException)");
        assertThat(PagePuller.kind(unreadable)).isEqualTo(Kind.TRANSIENT);
        assertThat(unreadable.reason()).isEqualTo("no answer from Twilio (IllegalStateException)");
        assertThat(PagePuller.kind(unexpected)).isEqualTo(Kind.TRANSIENT);
        assertThat(unexpected.reason()).isEqualTo("unexpected failure reading a page (IllegalArgumentException)");
        // Sent nothing: the host's circuit is open or the account's request slots are taken.
        assertThat(PagePuller.kind(new TwilioFailure(TwilioFailure.Kind.REFUSED, null, null, "circuit open", false)))
                .isEqualTo(Kind.TRANSIENT);
    }
}
