package io.leakresponder.dashboard;

import io.leakresponder.security.Roles;
import io.leakresponder.security.SessionIdentityProvider;
import io.leakresponder.security.SessionService.SessionPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every page needs to know about the person looking at it, available in templates as {@code inject:ui}:
 * their name, what they may do, and the CSRF token that forms and htmx requests carry.
 */
@RequestScoped
@Named("ui")
public class UiContext {

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentIdentityAssociation association;

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
        return current().map(i -> i.hasRole(Roles.RESPONDER_ROLE)).orElse(false);
    }

    public boolean isAdmin() {
        return current().map(i -> i.hasRole(Roles.ADMIN_ROLE)).orElse(false);
    }

    /** Who did it, as audit records name dashboard users. */
    public String actor() {
        return "user:" + getUsername();
    }

    public Optional<SessionPrincipal> session() {
        return current().filter(i -> !i.isAnonymous()).flatMap(SessionIdentityProvider::sessionOf);
    }

    /**
     * The identity. On a worker thread it is resolved if need be; on the event loop (error pages rendered
     * there) only an identity already resolved is used, since resolving may block: otherwise anonymous.
     */
    private Optional<SecurityIdentity> current() {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            return Optional.ofNullable(identity);
        }
        AtomicReference<SecurityIdentity> resolved = new AtomicReference<>();
        association.getDeferredIdentity().subscribe().with(resolved::set, failure -> {
        });
        return Optional.ofNullable(resolved.get());
    }
}
