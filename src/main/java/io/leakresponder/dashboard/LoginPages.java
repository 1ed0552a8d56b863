package io.leakresponder.dashboard;

import io.leakresponder.common.ProblemException;
import io.leakresponder.security.OidcClaims;
import io.leakresponder.security.SessionConfig;
import io.leakresponder.security.SessionService;
import io.leakresponder.security.UserService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Signing in and out, and creating the first admin with the bootstrap token. With {@code leak-responder.ui.login=oidc}
 * the identity provider replaces the form and the set-up: {@code /ui/oidc} is where its code flow ends.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
class LoginPages {

    // Only a page of the dashboard itself may be the target after sign-in: no open redirect.
    private static final Pattern SAFE_NEXT = Pattern.compile("^/ui(/[A-Za-z0-9/_.~%=&?-]*)?$");

    @Inject
    SessionService sessions;

    @Inject
    UserService users;

    @Inject
    SessionConfig config;

    @Inject
    UiContext ui;

    @Inject
    SecurityIdentity identity;

    @Inject
    OidcSession oidcSession;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String loginCsrf, String next, String username, String error,
                boolean oidc);

        static native TemplateInstance setup(String loginCsrf, String username, String error, String field);
    }

    @GET
    @PermitAll
    public Response home() {
        return Response.seeOther(URI.create("/ui/overview")).build();
    }

    @GET
    @Path("/login")
    @PermitAll
    public Response loginPage(@RestQuery String next) {
        if (!oidc() && users.needsFirstAdmin()) {
            return Response.seeOther(URI.create("/ui/setup")).build();
        }
        if (ui.isSignedIn()) {
            return Response.seeOther(URI.create(safeNext(next))).build();
        }
        String csrf = sessions.newFormToken();
        return Response.ok(Templates.login(csrf, safeNext(next), "", "", oidc())).cookie(loginCookie(csrf)).build();
    }

    @POST
    @Path("/login")
    @PermitAll
    @SignInForm
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm String username, @RestForm String password, @RestForm String next) {
        if (oidc()) {
            throw new ProblemException(403, "form-login-off", "Sign in with the identity provider",
                    "this service signs people in through its OpenID Connect provider; passwords are not accepted");
        }
        try {
            SessionService.IssuedSession session = sessions.signIn(username, password);
            return Response.seeOther(URI.create(safeNext(next))).cookie(sessionCookie(session)).build();
        } catch (ProblemException e) {
            String csrf = sessions.newFormToken();
            return Response.status(e.status()).entity(Templates.login(csrf, safeNext(next),
                    username == null ? "" : username, e.getMessage(), oidc())).cookie(loginCookie(csrf)).build();
        }
    }

    @POST
    @Path("/logout")
    @PermitAll
    public Response signOut() {
        ui.session().ifPresent(s -> sessions.signOut(s.sessionId()));
        NewCookie cleared = new NewCookie.Builder(SessionService.COOKIE).value("").path("/").maxAge(0)
                .httpOnly(true).secure(config.secureCookies()).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create("/ui/login")).cookie(cleared).build();
    }

    @GET
    @Path("/setup")
    @PermitAll
    public Response setupPage() {
        requireFormLogin();
        if (!users.needsFirstAdmin()) {
            return Response.seeOther(URI.create("/ui/login")).build();
        }
        String csrf = sessions.newFormToken();
        return Response.ok(Templates.setup(csrf, "", "", "")).cookie(loginCookie(csrf)).build();
    }

    @POST
    @Path("/setup")
    @PermitAll
    @SignInForm
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setup(@RestForm String bootstrapToken, @RestForm String username, @RestForm String password) {
        requireFormLogin();
        try {
            UserService.UserView admin = users.createFirstAdmin(bootstrapToken, username, password);
            // The form has just set the password: checking it again would only cost another 0.3 s of hashing.
            SessionService.IssuedSession session = sessions.openFor(admin.id());
            return Response.seeOther(URI.create("/ui/overview")).cookie(sessionCookie(session)).build();
        } catch (ProblemException e) {
            String csrf = sessions.newFormToken();
            Object field = e.extensions().get("field");
            return Response.status(e.status()).entity(Templates.setup(csrf, username == null ? "" : username,
                    e.getMessage(), field == null ? "" : field.toString())).cookie(loginCookie(csrf)).build();
        }
    }

    /**
     * Where the OpenID Connect code flow ends (the redirect URI registered at the provider). Quarkus runs the flow
     * on this path only and has verified the ID token before this method runs; the person then gets one of our
     * sessions, exactly as after a password sign-in, and the provider's short-lived session cookie is dropped.
     */
    @GET
    @Path("/oidc")
    @PermitAll
    public Response oidcSignIn(@RestQuery String next) {
        if (!oidc()) {
            throw new ProblemException(404, "not-found", "Not found", "OpenID Connect sign-in is not configured");
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken idToken)) {
            throw new ProblemException(401, "unauthorized", "Not signed in", "the identity provider sent no ID token");
        }
        // Our session replaces the provider's: its cookie must not outlive this request.
        oidcSession.logout().await().indefinitely();
        SessionService.IssuedSession session = sessions.signInExternal(OidcClaims.read(idToken, config.oidc()));
        return Response.seeOther(URI.create(safeNext(next))).cookie(sessionCookie(session)).build();
    }

    private void requireFormLogin() {
        if (oidc()) {
            throw new ProblemException(404, "not-found", "Not found",
                    "the first admin comes from the identity provider's admin group; there is nothing to set up here");
        }
    }

    private boolean oidc() {
        return config.login() == SessionConfig.Login.OIDC;
    }

    private NewCookie sessionCookie(SessionService.IssuedSession session) {
        return new NewCookie.Builder(SessionService.COOKIE).value(session.token()).path("/")
                .maxAge((int) session.maxAge().toSeconds()).httpOnly(true).secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    private NewCookie loginCookie(String value) {
        return new NewCookie.Builder(CsrfFilter.LOGIN_COOKIE).value(value).path("/ui").maxAge(3600)
                .httpOnly(true).secure(config.secureCookies()).sameSite(NewCookie.SameSite.STRICT).build();
    }

    static String safeNext(String next) {
        return next != null && SAFE_NEXT.matcher(next).matches() && !next.startsWith("/ui/login")
                && !next.contains("//") ? next : "/ui/overview";
    }
}
