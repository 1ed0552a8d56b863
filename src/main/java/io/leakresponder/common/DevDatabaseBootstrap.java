package io.leakresponder.common;

import io.leakresponder.devdb.DevPostgresConfigSourceFactory;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Dev mode only: creates the service's database when it is missing (and the user may), then migrates it,
 * so that {@code ./mvnw quarkus:dev} works against a bare local PostgreSQL, or the embedded one that
 * {@link DevPostgresConfigSourceFactory} starts when no database is configured. When it may not, it says exactly
 * what to run. In production the database is provisioned and Flyway migrates it at start.
 */
@jakarta.inject.Singleton
class DevDatabaseBootstrap {

    private static final Logger LOG = Logger.getLogger(DevDatabaseBootstrap.class);
    private static final Pattern JDBC = Pattern.compile("^(jdbc:postgresql://[^/]+/)([A-Za-z0-9_]+)(\\?.*)?$");
    private static final String INVALID_CATALOG = "3D000";

    @Inject
    @ConfigProperty(name = "leak-responder.dev.create-database", defaultValue = "false")
    boolean createDatabase;

    @Inject
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Inject
    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @Inject
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String password;

    @Inject
    @ConfigProperty(name = DevPostgresConfigSourceFactory.IN_USE)
    Optional<String> embedded;

    @Inject
    Instance<Flyway> flyway;

    // Runs before every other start-up observer: jobs and checks need the schema.
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (!createDatabase) {
            return;
        }
        embedded.ifPresent(where -> LOG.infof("dev mode runs an embedded PostgreSQL; its data, kept across restarts "
                + "(delete the folder to start over), is in %s. Set QUARKUS_DATASOURCE_JDBC_URL to use your own.",
                where));
        ensureDatabase();
        flyway.get().migrate();
    }

    private void ensureDatabase() {
        Matcher m = JDBC.matcher(url);
        if (!m.matches()) {
            LOG.warnf("cannot tell the database name from %s; not creating it", url);
            return;
        }
        String name = m.group(2);
        try (Connection ignored = DriverManager.getConnection(url, username, password)) {
            return;
        } catch (SQLException e) {
            if (!INVALID_CATALOG.equals(e.getSQLState())) {
                throw new IllegalStateException("cannot connect to PostgreSQL at " + url + " as " + username
                        + ": " + e.getMessage() + ". Start PostgreSQL (e.g. docker compose up -d postgres) or set "
                        + "QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.");
            }
        }
        String adminUrl = m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
        try (Connection c = DriverManager.getConnection(adminUrl, username, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            LOG.infof("created database %s", name);
        } catch (SQLException e) {
            throw new IllegalStateException("database " + name + " does not exist and user " + username
                    + " may not create it. Run: sudo -u postgres createdb -O " + username + " " + name, e);
        }
    }
}
