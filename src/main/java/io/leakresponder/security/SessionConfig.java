package io.leakresponder.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** How people sign in to the dashboard and how long their sessions last. */
@ConfigMapping(prefix = "leak-responder.ui")
public interface SessionConfig {

    /** {@code form}: users and passwords kept here; {@code oidc}: sign-in through an OpenID Connect provider. */
    @WithDefault("form")
    Login login();

    /** A session ends after this long without a request. */
    @WithDefault("30m")
    Duration sessionIdleTimeout();

    /** A session ends this long after sign-in, however active. */
    @WithDefault("12h")
    Duration sessionMaxAge();

    /** Marks the session cookie Secure (sent over HTTPS only). Turn off only for plain-HTTP local trials. */
    @WithDefault("true")
    boolean secureCookies();

    /** PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP's 2023 advice: 600,000). */
    @WithDefault("600000")
    @Min(1000)
    @Max(10_000_000)
    int passwordIterations();

    /** Wrong passwords in a row before the account is locked for {@link #lockout()}. */
    @WithDefault("5")
    @Min(1)
    int maxFailedLogins();

    /** How long an account stays locked after too many wrong passwords. */
    @WithDefault("15m")
    Duration lockout();

    /** How the OpenID Connect provider's claims become a dashboard user (used when {@link #login()} is oidc). */
    Oidc oidc();

    /** The sign-in mechanisms. */
    enum Login {
        FORM, OIDC
    }

    /** Maps the provider's ID token onto a dashboard user; the provider itself is set by {@code quarkus.oidc.*}. */
    interface Oidc {

        /**
         * Claim of the ID token that lists the person's groups or roles: a JSON array or a space-separated
         * string. A path through nested objects is written with '/', e.g. {@code realm_access/roles}.
         */
        @WithDefault("groups")
        String roleClaim();

        /** Members of any of these groups become admins. */
        Optional<Set<String>> adminGroups();

        /** Members of any of these groups become responders (unless also in an admin group). */
        Optional<Set<String>> responderGroups();

        /** Members of any of these groups become viewers (unless in a higher group). Nobody else gets in. */
        Optional<Set<String>> viewerGroups();

        /** Claim of the ID token used as the dashboard username; {@code email} is tried when it is absent. */
        @WithDefault("preferred_username")
        String usernameClaim();
    }
}
