package io.leakresponder.testsupport;

import static io.leakresponder.testsupport.TwilioFixtures.NEW_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.OTHER_TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The double's stubs answer a 2xx only to the credential Twilio would accept, and refuse everything else. */
class TwilioDoubleTest {

    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.writable();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String path, String user, String pass)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(twilio.baseUrl() + path))
                .header("Authorization", TwilioDouble.basic(user, pass))
                .header(TwilioDouble.FORWARDED_HOST, "api.twilio.com")
                .method(method, HttpRequest.BodyPublishers.noBody());
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAccountIsReadOnlyWithItsOwnToken() throws Exception {
        String ac = ac(0xd01);
        twilio.liveAccount(ac, TOKEN, "Prod");

        assertThat(send("GET", TwilioDouble.accountPath(ac), ac, TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> other = send("GET", TwilioDouble.accountPath(ac), ac, OTHER_TOKEN);
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.body()).contains("20003");
        assertThat(send("GET", TwilioDouble.accountPath(ac(0xd02)), ac(0xd02), TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void aWriteAnswersOnlyTheCurrentToken() throws Exception {
        String ac = ac(0xd03);
        twilio.createsSecondary(ac, TOKEN, NEW_TOKEN);

        HttpResponse<String> created = send("POST", TwilioDouble.SECONDARY_PATH, ac, TOKEN);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains(NEW_TOKEN);
        assertThat(send("POST", TwilioDouble.SECONDARY_PATH, ac, OTHER_TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void aDeadTokenIsRefusedAndEachTestStartsFromTheRefusal() throws Exception {
        String ac = ac(0xd04);
        twilio.accountAnswers(ac, TOKEN, 401, "Prod");

        assertThat(send("GET", TwilioDouble.accountPath(ac), ac, TOKEN).statusCode()).isEqualTo(401);
        // The stubs of the tests above are gone: reset before each test.
        assertThat(send("GET", TwilioDouble.accountPath(ac(0xd01)), ac(0xd01), TOKEN).statusCode()).isEqualTo(401);
        assertThat(twilio.requests()).hasSize(2);
    }
}
