package io.leakresponder.security;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Security fails closed: a missing or malformed master key or admin token stops start-up. */
@Startup
@Singleton
class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);
    static final int MIN_ADMIN_TOKEN_LENGTH = 32;

    @Inject
    SecurityConfig config;

    @Inject
    MasterKeys masterKeys;

    @PostConstruct
    void check() {
        // MasterKeys has already refused a missing or malformed master key when it was built.
        masterKeys.current();
        String admin = config.adminToken();
        checkAdminToken(admin);
        if (MasterKeys.isDevOrTest()) {
            LOG.warn("running with the fixed DEVELOPMENT-ONLY master key and admin token of this profile");
        }
    }

    static void checkAdminToken(String admin) {
        if (admin.isBlank()) {
            throw new IllegalStateException("LEAK_RESPONDER_ADMIN_TOKEN is not set: " + MasterKeys.HOW_TO_MAKE);
        }
        if (admin.length() < MIN_ADMIN_TOKEN_LENGTH || admin.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException("LEAK_RESPONDER_ADMIN_TOKEN must be at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters without spaces: " + MasterKeys.HOW_TO_MAKE);
        }
    }
}
