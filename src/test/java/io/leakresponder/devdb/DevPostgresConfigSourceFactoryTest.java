package io.leakresponder.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production never starts an embedded database, and a configured URL always wins over it. */
class DevPostgresConfigSourceFactoryTest {

    private static SmallRyeConfig config(String profile, Map<String, String> properties) throws IOException {
        URL application = DevPostgresConfigSourceFactoryTest.class.getClassLoader()
                .getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(application, 250))
                .withSources(new PropertiesConfigSource(properties, "test", 400))
                .withSources(new DevPostgresConfigSourceFactory())
                .build();
    }

    // The tests' own embedded server may run in this JVM; dev mode's lives in its dev-postgres folder.
    private static boolean anyDevServer() {
        return System.getProperties().stringPropertyNames().stream()
                .anyMatch(
                        name -> name.startsWith("leak-responder.embedded-postgres.") && name.contains("dev-postgres"));
    }

    @Test
    void productionWithoutAUrlConnectsToTheConfiguredDefaultAndStartsNothing() throws IOException {
        SmallRyeConfig config = config("prod", Map.of());

        // No environment in this config: the %prod default of application.properties.
        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:postgresql://localhost:5432/leak_responder");
        assertThat(config.getOptionalValue(DevPostgresConfigSourceFactory.IN_USE, String.class)).isEmpty();
        assertThat(config.getConfigSources()).noneMatch(s -> s.getName().contains("embedded PostgreSQL"));
        assertThat(anyDevServer()).isFalse();
    }

    @Test
    void devModeWithAConfiguredUrlUsesItAndStartsNothing() throws IOException {
        SmallRyeConfig config = config("dev",
                Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example:5432/leak_responder"));

        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:postgresql://db.example:5432/leak_responder");
        assertThat(config.getOptionalValue(DevPostgresConfigSourceFactory.IN_USE, String.class)).isEmpty();
        assertThat(anyDevServer()).isFalse();
    }

    @Test
    void testProfileGetsItsDatabaseFromTheTestResourceNotFromHere() throws IOException {
        SmallRyeConfig config = config("test", Map.of());

        assertThat(config.getOptionalValue(DevPostgresConfigSourceFactory.IN_USE, String.class)).isEmpty();
        assertThat(config.getConfigSources()).noneMatch(s -> s.getName().contains("embedded PostgreSQL"));
    }
}
