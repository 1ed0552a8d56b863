package io.leakresponder.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import io.leakresponder.twilio.TwilioFailure.Kind;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The one classification of Twilio failures, and rotation's write-safety view of it, without any HTTP. */
class TwilioFailureTest {

    /** A message as the SDK may build it: quoting the response body. Reasons must never carry it. */
    static final String BODY = "body with AC0123456789abcdef0123456789abcdef";

    /** twilio-java's error for a response with a Twilio JSON body. */
    static ApiException twilioError(int status, Integer code) {
        return new ApiException(BODY, code, null, status, status, null, null, null);
    }

    static ApiConnectionException network(Exception cause) {
        return new ApiConnectionException("Twilio request to api.twilio.com failed: " + BODY, cause);
    }

    @Test
    void anErrorWithATwilioCodeIsAnAnswer() {
        TwilioFailure f = TwilioFailure.classify(twilioError(401, TwilioFailure.AUTHENTICATE), 401);

        assertThat(f).isEqualTo(new TwilioFailure(Kind.ANSWER, 401, 20003, "HTTP 401, code 20003", false));
        assertThat(f.isRefusedCredential()).isTrue();
        assertThat(f.isAnswer(TwilioFailure.AUTHENTICATE)).isTrue();
        assertThat(f.isAnswer(TwilioFailure.RESTRICTED)).isFalse();

        TwilioFailure restricted = TwilioFailure.classify(twilioError(403, TwilioFailure.RESTRICTED), 403);
        assertThat(restricted.isAnswer(70051)).isTrue();
        assertThat(restricted.isAnswerStatus(403)).isTrue();
        assertThat(restricted.isRefusedCredential()).isFalse();
    }

    @Test
    void aRateLimitIsNeitherAnAnswerNorAnOutage() {
        TwilioFailure byStatus = TwilioFailure.classify(twilioError(429, TwilioFailure.TOO_MANY_REQUESTS), 429);
        TwilioFailure byCode = TwilioFailure.classify(twilioError(503, 20429), 503);

        assertThat(byStatus).isEqualTo(new TwilioFailure(Kind.RATE_LIMITED, 429, 20429,
                "rate limited by Twilio (HTTP 429, code 20429)", false));
        assertThat(byCode.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(byCode.outage()).isFalse();
        assertThat(byStatus.isAnswer(20429)).isFalse();
    }

    @Test
    void serverErrorsAndAnswersFromSomethingElseAreTransientOutages() {
        assertThat(TwilioFailure.classify(twilioError(503, 20503), 503)).isEqualTo(new TwilioFailure(Kind.TRANSIENT,
                503, 20503, "Twilio server error (HTTP 503, code 20503)", true));
        // A proxy's 502 page: twilio-java finds no Twilio body, so neither status nor code.
        assertThat(TwilioFailure.classify(new ApiException(BODY), 502)).isEqualTo(new TwilioFailure(Kind.TRANSIENT,
                502, null, "HTTP 502 without a Twilio error body", true));
        assertThat(TwilioFailure.classify(new ApiException(BODY, new IllegalStateException()), 200))
                .isEqualTo(new TwilioFailure(Kind.TRANSIENT, 200, null, "unreadable Twilio response (HTTP 200)", true));
    }

    @Test
    void networkFailuresTellWhetherTheRequestLeft() {
        TwilioFailure refused = TwilioFailure.classify(network(new ConnectException("refused")), null);
        TwilioFailure timedOut = TwilioFailure.classify(network(new SocketTimeoutException("read")), null);
        TwilioFailure reset = TwilioFailure.classify(network(new SocketException("reset")), null);

        assertThat(refused).isEqualTo(new TwilioFailure(Kind.NOT_SENT, null, null,
                "connection to Twilio refused or unreachable", true));
        assertThat(timedOut).isEqualTo(new TwilioFailure(Kind.TRANSIENT, null, null,
                "timed out waiting for Twilio's response", true));
        assertThat(reset.reason()).isEqualTo("network error talking to Twilio (SocketException)");
        assertThat(reset.kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void anythingElseIsAnErrorNamedByItsTypeOnly() {
        TwilioFailure f = TwilioFailure.classify(new IllegalStateException(BODY), null);

        assertThat(f).isEqualTo(new TwilioFailure(Kind.ERROR, null, null, "unexpected error: IllegalStateException",
                false));
    }

    @Test
    void noReasonQuotesTheExceptionMessage() {
        for (RuntimeException e : new RuntimeException[]{twilioError(401, 20003), twilioError(429, 20429),
                twilioError(500, 20500), new ApiException(BODY), network(new SocketException(BODY)),
                new IllegalArgumentException(BODY)}) {
            for (Integer status : new Integer[]{null, 200, 401, 429, 500}) {
                assertThat(TwilioFailure.classify(e, status).reason()).doesNotContain("AC0123456789");
                assertThat(TwilioFailure.classifyActing(e, status, true, true).reason()).doesNotContain("AC0123456789");
            }
        }
    }

    @Test
    void rotationSeesWhatMayHaveBeenCarriedOutAsAmbiguous() {
        TwilioFailure serverError = TwilioFailure.classifyActing(twilioError(500, 20500), 500, true, true);
        TwilioFailure unreadable = TwilioFailure.classifyActing(new ApiException(BODY, new IllegalStateException()),
                201, true, true);
        TwilioFailure timedOut = TwilioFailure.classifyActing(network(new SocketTimeoutException()), null, true, false);

        assertThat(serverError).isEqualTo(new TwilioFailure(Kind.AMBIGUOUS, 500, 20500,
                "Twilio server error (HTTP 500, code 20500)", true));
        assertThat(unreadable).isEqualTo(new TwilioFailure(Kind.AMBIGUOUS, 201, null,
                "Twilio answered HTTP 201 but the response could not be read", true));
        assertThat(timedOut.kind()).isEqualTo(Kind.AMBIGUOUS);
    }

    @Test
    void rotationSeesWhatProvesNothingWasDone() {
        assertThat(TwilioFailure.classifyActing(network(new ConnectException()), null, true, true))
                .isEqualTo(new TwilioFailure(Kind.NOT_SENT, null, null,
                        "connection to Twilio refused or unreachable (request not sent)", true));
        // A 429 without Twilio's body still rejects before processing.
        assertThat(TwilioFailure.classifyActing(new ApiException(BODY), 429, true, true))
                .isEqualTo(new TwilioFailure(Kind.RATE_LIMITED, 429, null, "rate limited by Twilio (HTTP 429)", false));
        assertThat(TwilioFailure.classifyActing(twilioError(404, TwilioFailure.NOT_FOUND), 404, true, true).kind())
                .isEqualTo(Kind.ANSWER);
    }

    @Test
    void anUnexpectedErrorIsAmbiguousOnlyForAWriteThatWasSent() {
        IllegalStateException e = new IllegalStateException();

        assertThat(TwilioFailure.classifyActing(e, null, true, true)).isEqualTo(new TwilioFailure(Kind.AMBIGUOUS, null,
                null, "unexpected error: IllegalStateException after the request was sent", false));
        assertThat(TwilioFailure.classifyActing(e, null, false, true).kind()).isEqualTo(Kind.ERROR);
        assertThat(TwilioFailure.classifyActing(e, null, true, false).kind()).isEqualTo(Kind.ERROR);
    }

    @Test
    void stoppedCallsKeepWhatWasLastSeen() {
        TwilioFailure limited = TwilioFailure.classify(twilioError(429, 20429), 429);

        assertThat(TwilioFailure.gaveUp(limited, "retries exhausted")).isEqualTo(new TwilioFailure(Kind.GAVE_UP, 429,
                20429, "rate limited by Twilio (HTTP 429, code 20429); retries exhausted", false));
        assertThat(TwilioFailure.gaveUp(null, "time budget spent"))
                .isEqualTo(new TwilioFailure(Kind.GAVE_UP, null, null, "time budget spent", false));
        assertThat(TwilioFailure.refused(limited, "circuit open")).isEqualTo(new TwilioFailure(Kind.REFUSED, 429,
                20429, "circuit open (earlier: rate limited by Twilio (HTTP 429, code 20429))", false));
        // Rotation: after a 429 the call stays rate limited; with nothing before it, it was not sent.
        assertThat(TwilioFailure.notSent(limited, "busy").kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(TwilioFailure.notSent(null, "busy")).isEqualTo(new TwilioFailure(Kind.NOT_SENT, null, null, "busy",
                false));
    }
}
