package io.leakresponder.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Dev mode without a configured database ({@code QUARKUS_DATASOURCE_JDBC_URL} unset): starts the embedded PostgreSQL
 * before the datasource exists, with its data kept in a user folder across restarts, and points the datasource at it.
 * Any other profile, production above all, gets nothing from here and never starts a database.
 */
public class DevPostgresConfigSourceFactory implements ConfigSourceFactory {

    /** Where dev mode keeps the embedded cluster (default {@code $XDG_DATA_HOME/leak-responder/dev-postgres}). */
    public static final String FOLDER = "leak-responder.dev.embedded-postgres-dir";
    /** Set by this source, read at start-up to say where the data lives. */
    public static final String IN_USE = "leak-responder.dev.embedded-postgres-in-use";
    static final String DATABASE = "leak_responder";
    static final String CLUSTER = "data";
    // Above the environment (300) and system properties (400): when this source exists at all no URL was
    // configured, and then a stray QUARKUS_DATASOURCE_USERNAME must not break the sign-in to our own server.
    static final int ORDINAL = 450;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        Path folder = folder(context);
        ConfigValue url = context.getValue("quarkus.datasource.jdbc.url");
        if (configured(url, folder)) {
            return List.of();
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.shared(folder, CLUSTER, false);
        postgres.createDatabaseIfMissing(DATABASE);
        Map<String, String> properties = Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password(),
                // The profile's own keys too, so that no %dev. line of a lower source can win over ours.
                "%dev.quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE),
                "%dev.quarkus.datasource.username", postgres.user(),
                "%dev.quarkus.datasource.password", postgres.password(),
                IN_USE, postgres.dataDirectory() + " (PostgreSQL on 127.0.0.1:" + postgres.port() + ")");
        return List.of(new PropertiesConfigSource(properties, "embedded PostgreSQL (dev mode)", ORDINAL));
    }

    /**
     * Whether someone configured the URL: not when it is our own server's, which Quarkus records from the build
     * step's configuration into the runtime's defaults in dev mode.
     */
    static boolean configured(ConfigValue url, Path folder) {
        if (url == null || url.getValue() == null || url.getValue().isBlank()) {
            return false;
        }
        return EmbeddedPostgres.running(folder, CLUSTER).map(pg -> !pg.jdbcUrl(DATABASE).equals(url.getValue()))
                .orElse(true);
    }

    static Path folder(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(FOLDER);
        if (configured != null && configured.getValue() != null && !configured.getValue().isBlank()) {
            return Path.of(configured.getValue());
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return data.resolve("leak-responder").resolve("dev-postgres");
    }
}
