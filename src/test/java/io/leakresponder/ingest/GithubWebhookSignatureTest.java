package io.leakresponder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GithubWebhookSignatureTest {

    // GitHub's documented test vector for validating webhook deliveries.
    static final String SECRET = "It's a Secret to Everybody";
    static final byte[] PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    static final String EXPECTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void acceptsGithubsTestVector() {
        assertThat(GithubWebhookService.signatureMatches(SECRET, PAYLOAD, EXPECTED)).isTrue();
    }

    @Test
    void refusesAnythingElse() {
        assertThat(GithubWebhookService.signatureMatches(SECRET, PAYLOAD, null)).isFalse();
        assertThat(GithubWebhookService.signatureMatches(SECRET, PAYLOAD, EXPECTED.replace("757", "758"))).isFalse();
        assertThat(GithubWebhookService.signatureMatches("other secret", PAYLOAD, EXPECTED)).isFalse();
        assertThat(GithubWebhookService.signatureMatches(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8),
                EXPECTED)).isFalse();
        assertThat(GithubWebhookService.signatureMatches(SECRET, PAYLOAD, EXPECTED.substring(7))).isFalse();
    }
}
