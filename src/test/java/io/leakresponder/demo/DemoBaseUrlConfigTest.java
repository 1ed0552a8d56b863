package io.leakresponder.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/** application.properties routes Twilio to the built-in simulator exactly when the demo is on. */
class DemoBaseUrlConfigTest {

    static Optional<String> baseUrl(String profile, Map<String, String> overrides) throws IOException {
        ConfigSource app = new PropertiesConfigSource(
                DemoBaseUrlConfigTest.class.getClassLoader().getResource("application.properties"), 250);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).withSources(app)
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400)).build();
        return config.getOptionalValue("leak-responder.twilio.base-url", String.class);
    }

    @Test
    void devModeWithTheDemoUsesTheSimulatorOnItsOwnPort() throws IOException {
        assertThat(baseUrl("dev", Map.of("leak-responder.demo.enabled", "true")))
                .contains("http://localhost:8080/demo/twilio");
        assertThat(baseUrl("dev", Map.of("leak-responder.demo.enabled", "true", "quarkus.http.port", "9090")))
                .contains("http://localhost:9090/demo/twilio");
    }

    @Test
    void withoutTheDemoTwilioItselfIsReached() throws IOException {
        assertThat(baseUrl("dev", Map.of())).isEmpty();
        assertThat(baseUrl("prod", Map.of())).isEmpty();
    }

    @Test
    void anExplicitBaseUrlWins() throws IOException {
        assertThat(baseUrl("dev", Map.of("leak-responder.demo.enabled", "true",
                "leak-responder.twilio.base-url", "http://127.0.0.1:8089"))).contains("http://127.0.0.1:8089");
    }
}
