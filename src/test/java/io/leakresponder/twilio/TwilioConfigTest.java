package io.leakresponder.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config mapping, read by plain SmallRye Config with Quarkus' duration converter, as Quarkus would. */
class TwilioConfigTest {

    private static TwilioSettings settingsFrom(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TwilioConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return new TwilioProducers().settings(config.getConfigMapping(TwilioConfig.class));
    }

    @Test
    void withNothingSetTheDefaultsApply() {
        assertThat(settingsFrom(Map.of(), Map.of())).isEqualTo(TwilioSettings.defaults());
    }

    @Test
    void everyPropertyIsReadAndTheBaseUrlComesFromTheEnvironment() {
        TwilioSettings s = settingsFrom(Map.of(
                "leak-responder.twilio.connect-timeout", "2s",
                "leak-responder.twilio.read-timeout", "750ms",
                "leak-responder.twilio.retry.max-attempts", "6",
                "leak-responder.twilio.retry.initial-backoff", "100ms",
                "leak-responder.twilio.retry.max-backoff", "5s",
                "leak-responder.twilio.retry.total-budget", "1m",
                "leak-responder.twilio.concurrency.global", "25",
                "leak-responder.twilio.concurrency.per-account", "3",
                "leak-responder.twilio.circuit-breaker.failure-threshold", "7",
                "leak-responder.twilio.circuit-breaker.open-duration", "PT45S"),
                Map.of("LEAK_RESPONDER_TWILIO_BASE_URL", "http://twilio-mock:8080"));

        assertThat(s).isEqualTo(new TwilioSettings(java.util.Optional.of(URI.create("http://twilio-mock:8080")),
                Duration.ofSeconds(2), Duration.ofMillis(750), 6, Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofMinutes(1), 25, 3, 7, Duration.ofSeconds(45)));
    }
}
