package io.leakresponder.dashboard;

import io.leakresponder.common.Problem;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The dashboard answers in HTML, never JSON: a problem becomes an error page (or, for htmx, an error
 * message swapped into the page's flash area), and a request without a session is sent to sign in.
 * Dashboard pages are never cached: they describe live incidents and sometimes hold a one-time secret.
 */
class UiResponses {

    /** Scripts, styles and images only from this service; no inline script, no framing, forms post here only. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Inject
    @Location("error.html")
    Template error;

    @Inject
    @Location("error-fragment.html")
    Template errorFragment;

    @ServerResponseFilter
    void render(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/ui")) {
            return;
        }
        var headers = response.getHeaders();
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("Content-Security-Policy", CSP);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "no-referrer");
        if (!(response.getEntity() instanceof Problem problem)) {
            return;
        }
        boolean htmx = request.getHeaderString("HX-Request") != null;
        if (problem.status == 401 && !"bad-credentials".equals(typeOf(problem))) {
            String target = "/ui/login?next=" + URLEncoder.encode(pageOf(request, htmx), StandardCharsets.UTF_8);
            response.getHeaders().remove("WWW-Authenticate");
            if (htmx) {
                response.setStatus(200);
                response.getHeaders().putSingle("HX-Redirect", target);
                response.setEntity("", null, MediaType.TEXT_HTML_TYPE);
            } else {
                response.setStatus(303);
                response.getHeaders().putSingle("Location", target);
                response.setEntity("", null, MediaType.TEXT_HTML_TYPE);
            }
            return;
        }
        Object field = problem.extensions().get("field");
        Object line = problem.extensions().get("line");
        if (htmx) {
            response.getHeaders().putSingle("HX-Retarget", "#flash");
            response.getHeaders().putSingle("HX-Reswap", "innerHTML");
            response.setEntity(errorFragment.data("problem", problem).data("field", field).data("line", line)
                    .render(), null, MediaType.TEXT_HTML_TYPE);
        } else {
            response.setEntity(error.data("problem", problem).data("field", field).data("line", line).render(),
                    null, MediaType.TEXT_HTML_TYPE);
        }
    }

    private static String typeOf(Problem problem) {
        int slash = problem.type.lastIndexOf('/');
        return problem.type.substring(slash + 1);
    }

    /** Where to come back after signing in: the page itself, or for htmx the page that made the request. */
    private static String pageOf(ContainerRequestContext request, boolean htmx) {
        String current = htmx ? request.getHeaderString("HX-Current-URL") : null;
        if (current != null) {
            int ui = current.indexOf("/ui");
            if (ui >= 0) {
                return current.substring(ui);
            }
        }
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        return request.getUriInfo().getPath()
                + (query == null || !"GET".equals(request.getMethod()) ? "" : "?" + query);
    }
}
