package io.leakresponder.dashboard;

import io.leakresponder.security.Roles;
import io.leakresponder.security.SessionIdentityProvider;
import io.leakresponder.security.SessionService.SessionPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;

/**
 * What every page needs to know about the person looking at it, available in templates as {@code inject:ui}:
 * their name, what they may do, and the CSRF token that forms and htmx requests carry.
 */
@RequestScoped
@Named("ui")
public class UiContext {

    @Inject
    SecurityIdentity identity;

    public boolean isSignedIn() {
        return session().isPresent();
    }

    public String getUsername() {
        return session().map(SessionPrincipal::username).orElse("");
    }

    public String getRole() {
        return session().map(s -> s.role().id()).orElse("");
    }

    /** The session's CSRF token; empty when nobody is signed in. */
    public String getCsrf() {
        return session().map(SessionPrincipal::csrfToken).orElse("");
    }

    public boolean isResponder() {
        return identity.hasRole(Roles.RESPONDER_ROLE);
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN_ROLE);
    }

    /** Who did it, as audit records name dashboard users. */
    public String actor() {
        return "user:" + getUsername();
    }

    public Optional<SessionPrincipal> session() {
        return identity == null || identity.isAnonymous() ? Optional.empty()
                : SessionIdentityProvider.sessionOf(identity);
    }
}
