package io.leakresponder.dashboard;

import io.leakresponder.common.ProblemException;
import io.leakresponder.security.SessionIdentityProvider;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Refuses every state-changing dashboard request that does not carry its CSRF token, in the form field
 * {@value #FIELD} or (htmx) the header {@value #HEADER}. Signed-in requests must carry their session's token;
 * the sign-in and set-up forms, sent before a session exists, must echo the token of their own cookie.
 */
class CsrfFilter {

    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";
    static final String LOGIN_COOKIE = "lr_login_csrf";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CurrentIdentityAssociation identities;

    @WithFormRead
    @ServerRequestFilter
    Uni<Void> check(ResteasyReactiveContainerRequestContext request, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/ui") || SAFE.contains(request.getMethod())) {
            return Uni.createFrom().voidItem();
        }
        String presented = presented(request);
        if (resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(SignInForm.class)) {
            var cookie = request.getCookies().get(LOGIN_COOKIE);
            return matches(presented, cookie == null ? null : cookie.getValue())
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(refused());
        }
        return identities.getDeferredIdentity().onItem().transformToUni(identity -> {
            var session = SessionIdentityProvider.sessionOf(identity);
            // Not signed in: the endpoint's role check answers (and sends the person to sign in).
            if (session.isEmpty() || matches(presented, session.get().csrfToken())) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().failure(refused());
        });
    }

    private static String presented(ResteasyReactiveContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isEmpty()) {
            return header;
        }
        ResteasyReactiveRequestContext context = (ResteasyReactiveRequestContext) request.getServerRequestContext();
        Object field = context.getFormParameter(FIELD, true, false);
        return field == null ? null : field.toString();
    }

    private static boolean matches(String presented, String expected) {
        return presented != null && expected != null && !expected.isEmpty()
                && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                        expected.getBytes(StandardCharsets.UTF_8));
    }

    private static ProblemException refused() {
        return new ProblemException(403, "csrf", "Form expired or forged",
                "this form is missing its CSRF token or carries a wrong one; reload the page and try again")
                .with("field", FIELD);
    }
}
