package io.leakresponder.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * An identity from the OpenID Connect provider counts only on {@value #SIGN_IN_PATH}, where it is exchanged for
 * one of our sessions. Anywhere else (the API above all) it is refused, even if a provider session cookie were
 * replayed there by hand: browsers never send it elsewhere (its path is {@value #SIGN_IN_PATH}), and this makes
 * sure the service would not accept it either.
 */
@ApplicationScoped
class OidcIdentityConfinement implements SecurityIdentityAugmentor {

    /** Where the code flow ends: the redirect URI registered at the provider. */
    static final String SIGN_IN_PATH = "/ui/oidc";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> attributes) {
        boolean fromProvider = identity.getCredential(IdTokenCredential.class) != null
                || identity.getCredential(AccessTokenCredential.class) != null;
        if (!fromProvider) {
            return Uni.createFrom().item(identity);
        }
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (request != null && SIGN_IN_PATH.equals(request.normalizedPath())) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException(
                "an OpenID Connect identity is only accepted on " + SIGN_IN_PATH));
    }
}
