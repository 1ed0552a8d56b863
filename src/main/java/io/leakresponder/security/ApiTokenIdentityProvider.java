package io.leakresponder.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a presented API token into an identity with the roles its role grants. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Attribute holding the token id, for audit records. */
    public static final String TOKEN_ID = "leak-responder.token-id";

    @Inject
    ApiTokenService tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (request.getToken().getClass() != TokenCredential.class) {
            // Only the plain bearer credential BearerTokenMechanism reads is ours: the OpenID Connect code flow's
            // ID and access tokens (subclasses) belong to Quarkus' OIDC identity provider.
            return Uni.createFrom().nullItem();
        }
        String presented = request.getToken().getToken();
        // The lookup touches the database, so it runs on a worker thread.
        return context.runBlocking(() -> tokens.authenticate(presented)
                .map(ApiTokenIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API token")));
    }

    private static SecurityIdentity identity(ApiTokenService.Principal principal) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal.name()))
                .addRoles(principal.role().granted());
        if (principal.tokenId() != null) {
            builder.addAttribute(TOKEN_ID, principal.tokenId().toString());
        }
        return builder.build();
    }
}
