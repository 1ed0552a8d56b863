package io.leakresponder.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Turns a valid dashboard session into an identity with its user's roles. */
@ApplicationScoped
public class SessionIdentityProvider
        implements
            IdentityProvider<SessionCookieMechanism.SessionAuthenticationRequest> {

    /** Attribute holding the {@link SessionService.SessionPrincipal} of a dashboard request. */
    public static final String SESSION = "leak-responder.session";

    private final SessionService sessions;

    SessionIdentityProvider(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<SessionCookieMechanism.SessionAuthenticationRequest> getRequestType() {
        return SessionCookieMechanism.SessionAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionCookieMechanism.SessionAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> sessions.authenticate(request.token)
                .map(SessionIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("no valid session")));
    }

    /** The session of the current identity, when it signed in through the dashboard. */
    public static Optional<SessionService.SessionPrincipal> sessionOf(SecurityIdentity identity) {
        return identity == null
                ? Optional.empty()
                : Optional.ofNullable(identity.getAttribute(SESSION));
    }

    private static SecurityIdentity identity(SessionService.SessionPrincipal principal) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal.username()))
                .addRoles(principal.role().granted())
                .addAttribute(SESSION, principal)
                .build();
    }
}
