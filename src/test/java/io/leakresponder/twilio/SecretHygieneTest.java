package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.leakresponder.testsupport.TwilioDouble.accountPath;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.TwilioDouble;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The secret never leaks twice: with this service's and twilio-java's logging at the most verbose level, full
 * checks (whose responses contain the auth token, as Twilio's do) log neither secrets nor Authorization values,
 * and no result prints one.
 */
class SecretHygieneTest {

    @RegisterExtension
    final VerboseLogs logs = new VerboseLogs();

    @Test
    void fullChecksLogNoSecretAndResultsPrintNone() {
        String ac = ac(0x601);
        String sk = sk(0x601);
        List<LivenessResult> results = new ArrayList<>();
        try (TwilioDouble twilio = TwilioDouble.readOnly()) {
            twilio.account(ac, ac, TOKEN, ac, "active", "Full"); // body holds "auth_token": TOKEN
            twilio.messages(ac, sk, KEY_SECRET);
            twilio.account(ac, sk, KEY_SECRET, ac, "active", "Full");
            String trap = ac(0x602); // a 200 whose unparseable body quotes the token: parser messages would leak it
            twilio.stubFor(get(urlEqualTo(accountPath(trap))).withBasicAuth(trap, TOKEN)
                    .willReturn(json(200, TOKEN + " " + KEY_SECRET)));
            try (FacadeUnderTest fut = FacadeUnderTest.create(twilio.baseUrl(), b -> b.maxAttempts(2))) {
                results.add(fut.facade().checkAuthToken(ac, TOKEN));
                results.add(fut.facade().checkApiKey(ac, sk, KEY_SECRET));
                results.add(fut.facade().checkAuthToken(ac(0x603), TOKEN));
                results.add(fut.facade().checkApiKey(null, sk, KEY_SECRET));
                results.add(fut.facade().checkAuthToken(trap, TOKEN));
            }
        }

        assertThat(results).extracting(LivenessResult::verdict).containsExactly(
                Verdict.LIVE, Verdict.LIVE, Verdict.NOT_LIVE, Verdict.NOT_LIVE, Verdict.INDETERMINATE);
        // The capture works: the facade's and the SDK's debug lines are there.
        assertThat(logs.captured()).anyMatch(line -> line.contains("Twilio auth token check for " + ac + ": LIVE"));
        assertThat(logs.captured()).anyMatch(line -> line.contains("BEGIN Twilio API Request"));

        List<String> forbidden = List.of(TOKEN, KEY_SECRET, VerboseLogs.basic(ac, TOKEN),
                VerboseLogs.basic(sk, KEY_SECRET),
                VerboseLogs.basic(ac(0x603), TOKEN), VerboseLogs.basic(ac(0x602), TOKEN));
        for (String secret : forbidden) {
            assertThat(logs.captured()).noneMatch(line -> line.contains(secret));
            assertThat(results).noneMatch(r -> r.toString().contains(secret));
        }
    }

}
