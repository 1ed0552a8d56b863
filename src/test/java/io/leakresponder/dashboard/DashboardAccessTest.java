package io.leakresponder.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.security.Roles;
import io.leakresponder.testsupport.Api;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard route, found by reflection over the dashboard's page classes (so a new page cannot be
 * forgotten), is probed: anonymous requests are sent to sign in; a role below the one the route declares is
 * refused with 403; every state-changing route refuses a request without its CSRF token, even from an admin.
 */
@QuarkusTest
class DashboardAccessTest {

    /** Routes open to everyone: signing in and out, and the first admin's set-up. */
    private static final Set<String> PUBLIC = Set.of("GET /ui", "GET /ui/login", "POST /ui/login", "POST /ui/logout",
            "GET /ui/setup", "POST /ui/setup", "GET /ui/oidc");

    record Route(String method, String template, String role) {
        String path(String incident) {
            return template.replace("{id}", incident).replace("{consumerId}", UUID.randomUUID().toString())
                    .replace("{suspectId}", UUID.randomUUID().toString())
                    .replace("{source}", "messages");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    static List<Route> routes;
    static IncidentScenario scenario;

    @BeforeAll
    static void discover() throws IOException {
        routes = new ArrayList<>();
        java.nio.file.Path dir = Paths.get("target", "classes", "io", "leakresponder", "dashboard");
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                if (name.contains("$")) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName("io.leakresponder.dashboard." + name);
                } catch (ClassNotFoundException e) {
                    continue;
                }
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    String verb = m.isAnnotationPresent(GET.class)
                            ? "GET"
                            : m.isAnnotationPresent(POST.class) ? "POST" : null;
                    if (verb == null) {
                        continue;
                    }
                    Path sub = m.getAnnotation(Path.class);
                    String template = (root.value() + (sub == null ? "" : sub.value())).replaceAll("/+$", "");
                    RolesAllowed roles = m.getAnnotation(RolesAllowed.class);
                    if (roles == null) {
                        roles = type.getAnnotation(RolesAllowed.class);
                    }
                    String role = roles == null ? null : lowest(roles.value());
                    routes.add(new Route(verb, template, role));
                }
            }
        }
    }

    private static String lowest(String[] roles) {
        for (String candidate : List.of(Roles.VIEWER_ROLE, Roles.RESPONDER_ROLE, Roles.ADMIN_ROLE)) {
            if (List.of(roles).contains(candidate)) {
                return candidate;
            }
        }
        return roles[0];
    }

    @Test
    void everyRouteDeclaresWhoMayUseItAndOnlyTheSignInRoutesArePublic() {
        assertThat(routes).as("dashboard routes found by reflection").hasSizeGreaterThan(30);
        for (Route r : routes) {
            if (r.role() == null) {
                assertThat(PUBLIC).as(r + " has no @RolesAllowed").contains(r.toString());
            }
        }
        // Reading needs a viewer at least; changing anything needs a responder, except one's own account.
        for (Route r : routes) {
            if (r.method().equals("POST") && r.role() != null && !r.template().startsWith("/ui/account")) {
                assertThat(r.role()).as(r.toString()).isIn(Roles.RESPONDER_ROLE, Roles.ADMIN_ROLE);
            }
        }
    }

    @Test
    void anonymousRequestsAreSentToSignIn() {
        String incident = scenario().live();
        for (Route r : routes) {
            if (r.role() == null) {
                continue;
            }
            Response response = given().redirects().follow(false).request(r.method(), r.path(incident));
            assertThat(response.statusCode()).as(r.toString()).isEqualTo(303);
            assertThat(response.header("Location")).as(r.toString()).startsWith("/ui/login");
            // An API token is no dashboard sign-in, not even the admin's: actions there need a person's name.
            Response withToken = given().redirects().follow(false).header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                    .request(r.method(), r.path(incident));
            assertThat(withToken.statusCode()).as(r + " with an API token").isEqualTo(303);
        }
    }

    @Test
    void aLowerRoleIsRefusedEverywhere() {
        String incident = scenario().live();
        UiClient viewer = UiClient.signInAs("viewer");
        UiClient responder = UiClient.signInAs("responder");
        long events = Db.count("SELECT count(*) FROM incident_event");
        int probed = 0;
        for (Route r : routes) {
            UiClient below = Roles.ADMIN_ROLE.equals(r.role())
                    ? responder
                    : Roles.RESPONDER_ROLE.equals(r.role()) ? viewer : null;
            if (below == null) {
                continue;
            }
            Response response = below.htmx().request(r.method(), r.path(incident));
            assertThat(response.statusCode()).as(r + " as " + below.username).isEqualTo(403);
            assertThat(response.contentType()).as(r.toString()).startsWith("text/html");
            probed++;
        }
        assertThat(probed).isGreaterThan(15);
        assertThat(Db.count("SELECT count(*) FROM incident_event")).isEqualTo(events);
    }

    @Test
    void everyStateChangingRouteRefusesARequestWithoutItsCsrfToken() {
        String incident = scenario().live();
        UiClient admin = UiClient.signInAs("admin");
        String otherSessionsToken = UiClient.signInAs("viewer").csrf;
        long events = Db.count("SELECT count(*) FROM incident_event");
        long users = Db.count("SELECT count(*) FROM app_user");
        for (Route r : routes) {
            if (!r.method().equals("POST") || r.role() == null) {
                continue;
            }
            Response response = admin.request().header("HX-Request", "true").formParam("name", "x")
                    .post(r.path(incident));
            assertThat(response.statusCode()).as(r.toString()).isEqualTo(403);
            assertThat(response.asString()).as(r.toString()).contains("CSRF");
            // A token of another session does not do either.
            Response forged = admin.request().header("X-CSRF-Token", otherSessionsToken)
                    .post(r.path(incident));
            assertThat(forged.statusCode()).as(r + " with another session's token").isEqualTo(403);
        }
        assertThat(Db.count("SELECT count(*) FROM incident_event")).isEqualTo(events);
        assertThat(Db.count("SELECT count(*) FROM app_user")).isEqualTo(users);
    }

    private static IncidentScenario scenario() {
        if (scenario == null || Db.count("SELECT count(*) FROM incident") == 0) {
            scenario = IncidentScenario.open();
        }
        return scenario;
    }
}
