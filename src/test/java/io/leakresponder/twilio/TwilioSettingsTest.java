package io.leakresponder.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TwilioSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TwilioSettings s = TwilioSettings.defaults();
        assertThat(s.baseUrl()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxAttempts()).isEqualTo(4);
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.totalBudget()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.globalConcurrency()).isEqualTo(10);
        assertThat(s.perAccountConcurrency()).isEqualTo(2);
        assertThat(s.breakerFailureThreshold()).isEqualTo(5);
        assertThat(s.breakerOpenDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void blankBaseUrlMeansRealTwilio() {
        assertThat(TwilioSettings.parseBaseUrl(Optional.of("  "))).isEmpty();
        assertThat(TwilioSettings.parseBaseUrl(Optional.empty())).isEmpty();
        assertThat(TwilioSettings.builder().baseUrl(" http://localhost:8089 ").build().baseUrl())
                .contains(URI.create("http://localhost:8089"));
    }

    @Test
    void unusableBaseUrlsAreRefusedAtStartUp() {
        for (String bad : new String[]{"localhost:8089", "ftp://mock/", "http://user:pw@mock/", "http://mock/?a=1",
                "/relative"}) {
            assertThatThrownBy(() -> TwilioSettings.builder().baseUrl(bad).build())
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nonsensicalLimitsAreRefused() {
        assertThatThrownBy(() -> TwilioSettings.builder().globalConcurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwilioSettings.builder().readTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
