package io.leakresponder.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads the dashboard's session cookie on dashboard requests. The API never accepts it: API clients send a
 * bearer token, so a browser session cannot be ridden into the JSON API by a cross-site request.
 */
@ApplicationScoped
class SessionCookieMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.normalizedPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(SessionService.COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        // An expired or unknown cookie is simply "not signed in": the page then sends the person to sign in.
        return identityProviderManager.authenticate(new SessionAuthenticationRequest(cookie.getValue()))
                .onFailure().recoverWithNull();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(302, "Location", "/ui/login"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE,
                SessionService.COOKIE));
    }

    /** The session cookie's value, on its way to {@link SessionIdentityProvider}. */
    static final class SessionAuthenticationRequest extends BaseAuthenticationRequest {
        final String token;

        SessionAuthenticationRequest(String token) {
            this.token = token;
        }

        @Override
        public String toString() {
            return "SessionAuthenticationRequest";
        }
    }
}
