package io.leakresponder.dashboard;

import io.leakresponder.security.SessionConfig;
import io.leakresponder.security.UserService;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Prints, at start-up and while no admin exists, the link where the first admin is created, so that a new
 * installation (or {@code ./mvnw quarkus:dev} on a fresh machine) does not start as a locked door. The bootstrap
 * token itself is printed in dev mode only, where it is the fixed development value.
 */
@Singleton
class FirstAdminLink {

    private static final Logger LOG = Logger.getLogger(FirstAdminLink.class);

    @Inject
    UserService users;

    @Inject
    SessionConfig config;

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    @ConfigProperty(name = "leak-responder.security.admin-token")
    String adminToken;

    // After the default observers: in dev mode the schema is migrated by then (DevDatabaseBootstrap runs first).
    void onStart(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.TEST || config.login() != SessionConfig.Login.FORM
                || !users.needsFirstAdmin()) {
            return;
        }
        // Only the published development value is ever printed: a real token set for dev mode stays out of the log.
        String token = LaunchMode.current() == LaunchMode.DEVELOPMENT && adminToken.startsWith("dev-only-")
                ? "the development bootstrap token " + adminToken
                : "the bootstrap token (LEAK_RESPONDER_ADMIN_TOKEN)";
        LOG.infof("No admin yet: create the first one at http://localhost:%d/ui/setup with %s", port, token);
    }
}
