package io.leakresponder.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.leakresponder.testsupport.Api;
import io.leakresponder.testsupport.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through an OpenID Connect provider (Quarkus' WireMock stand-in for Keycloak), driven redirect by redirect
 * as a browser would: /ui/oidc, the provider's login, the callback with the code, then our session.
 */
@QuarkusTest
@TestProfile(OidcSignInTest.OidcLogin.class)
class OidcSignInTest {

    private static final String CLIENT_ID = "leak-responder";

    /** The dashboard signs people in through the provider; groups map to roles. */
    public static class OidcLogin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "leak-responder.ui.login", "oidc",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                    "quarkus.oidc.client-id", CLIENT_ID,
                    "quarkus.oidc.credentials.secret", "test-only-oidc-client-secret-not-for-production",
                    "leak-responder.ui.oidc.admin-groups", "admin",
                    "leak-responder.ui.oidc.responder-groups", "incident-responders",
                    "leak-responder.ui.oidc.viewer-groups", "security-readers,auditors");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
        }
    }

    @OidcWireMock
    WireMockServer provider;

    private StubMapping idTokenStub;

    @BeforeEach
    void reset() {
        Db.reset();
    }

    @AfterEach
    void removeIdTokenStub() {
        if (idTokenStub != null) {
            provider.removeStub(idTokenStub);
            idTokenStub = null;
        }
    }

    @Test
    void anAdminGroupMemberGetsAnAdminSessionAndAUserWithoutPassword() {
        // The stand-in's default ID token: alice, groups "user" and "admin".
        Flow flow = signInWithProvider("/ui/users");
        assertThat(flow.done.statusCode()).isEqualTo(303);
        assertThat(URI.create(flow.done.header("Location")).getPath()).isEqualTo("/ui/users");
        Cookie session = flow.done.getDetailedCookie("lr_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecured()).isTrue();
        assertThat(session.getSameSite()).isEqualToIgnoringCase("Strict");
        // The provider's own session cookie ends with this request: our session is the dashboard's only one.
        assertThat(flow.done.getDetailedCookie("q_session").getMaxAge()).isZero();

        given().redirects().follow(false).cookie("lr_session", session.getValue()).get("/ui/users")
                .then().statusCode(200).body(containsString("alice"));
        assertThat(Db.string("SELECT role || ' ' || created_by || ' ' || external_subject || ' '"
                + " || (password_hash IS NULL) FROM app_user WHERE username = 'alice'"))
                .isEqualTo("admin oidc 123456 true");
        assertThat(Db.count("SELECT count(*) FROM app_session WHERE ended_at IS NULL")).isEqualTo(1);

        // Signing in again finds the same user; signing out ends our session as with a password.
        Flow again = signInWithProvider("/ui/overview");
        assertThat(again.done.statusCode()).isEqualTo(303);
        assertThat(Db.count("SELECT count(*) FROM app_user")).isEqualTo(1);
        String cookie = again.done.getCookie("lr_session");
        String csrf = csrfOf(given().cookie("lr_session", cookie).get("/ui/account").asString());
        given().redirects().follow(false).cookie("lr_session", cookie).formParam("_csrf", csrf).post("/ui/logout")
                .then().statusCode(303);
        given().redirects().follow(false).cookie("lr_session", cookie).get("/ui/account")
                .then().statusCode(303).header("Location", startsWith("/ui/login"));
    }

    @Test
    void aViewerGroupMemberGetsAViewerSession() {
        issueIdToken("vera", Set.of("auditors", "unrelated"), "sub-vera");
        Flow flow = signInWithProvider("/ui/account");
        assertThat(flow.done.statusCode()).isEqualTo(303);
        String cookie = flow.done.getCookie("lr_session");
        given().redirects().follow(false).cookie("lr_session", cookie).get("/ui/account")
                .then().statusCode(200).body(containsString("vera")).body(containsString("viewer"));
        given().redirects().follow(false).cookie("lr_session", cookie).get("/ui/users")
                .then().statusCode(403).contentType(startsWith("text/html"));
        assertThat(Db.string("SELECT role FROM app_user WHERE external_subject = 'sub-vera'")).isEqualTo("viewer");
    }

    @Test
    void someoneInNoMappedGroupIsRefusedAndGetsNoSession() {
        issueIdToken("mallory", Set.of("user", "everyone"), "sub-mallory");
        Flow flow = signInWithProvider("/ui/overview");
        assertThat(flow.done.statusCode()).isEqualTo(403);
        assertThat(flow.done.contentType()).startsWith("text/html");
        assertThat(flow.done.asString()).contains("none of the groups");
        assertThat(flow.done.getCookie("lr_session")).isNull();
        assertThat(Db.count("SELECT count(*) FROM app_session")).isZero();
        assertThat(Db.count("SELECT count(*) FROM app_user")).isZero();
    }

    @Test
    void theProviderCannotTakeOverALocalAccountOfTheSameName() {
        Db.exec("INSERT INTO app_user (id, username, password_hash, role, created_at, created_by) VALUES "
                + "(gen_random_uuid(), 'alice', 'pbkdf2-sha256$1000$AAAA$AAAA', 'viewer', now(), 'test')");
        Flow flow = signInWithProvider("/ui/overview");
        assertThat(flow.done.statusCode()).isEqualTo(409);
        assertThat(flow.done.asString()).contains("alice exists already");
        assertThat(Db.string("SELECT role FROM app_user WHERE username = 'alice'")).isEqualTo("viewer");
        assertThat(Db.count("SELECT count(*) FROM app_session")).isZero();
    }

    @Test
    void theFormAndTheSetUpAreOffAndTheSignInPageOffersOnlyTheProvider() {
        // No user exists, yet there is no bootstrap set-up: the first admin comes from the provider's admin group.
        given().redirects().follow(false).get("/ui/setup").then().statusCode(404);
        Response page = given().redirects().follow(false).get("/ui/login?next=/ui/incidents");
        page.then().statusCode(200).body(containsString("href=\"/ui/oidc?next=/ui/incidents\""))
                .body(not(containsString("type=\"password\"")));
        // Even a well-formed form post (CSRF cookie and field match) is refused.
        given().redirects().follow(false).cookie(CsrfFilter.LOGIN_COOKIE, "same").formParam("_csrf", "same")
                .formParam("username", "alice").formParam("password", "correct horse battery staple")
                .post("/ui/login").then().statusCode(403).contentType(startsWith("text/html"))
                .body(containsString("identity provider"));
        given().redirects().follow(false).cookie(CsrfFilter.LOGIN_COOKIE, "same").formParam("_csrf", "same")
                .formParam("bootstrapToken", Api.ADMIN_TOKEN).formParam("username", "eve")
                .formParam("password", "correct horse battery staple").post("/ui/setup").then().statusCode(404);
        assertThat(Db.count("SELECT count(*) FROM app_user")).isZero();
        // Pages still send an anonymous visitor to the sign-in page, not straight to the provider.
        given().redirects().follow(false).get("/ui/users").then().statusCode(303)
                .header("Location", startsWith("/ui/login"));
    }

    @Test
    void theApiKeepsBearerTokensAndIgnoresTheProvider() {
        given().redirects().follow(false).get("/api/v1/incidents").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("Location", nullValue());
        Api.asAdmin().get("/api/v1/incidents").then().statusCode(200);

        // A provider session cookie, replayed by hand outside /ui/oidc (browsers never send it there: its path is
        // /ui/oidc), is refused there: Quarkus' code flow answers that refusal itself, with an empty 401.
        Flow flow = signInWithProvider("/ui/overview");
        String providerSession = flow.callback.getCookie("q_session");
        assertThat(flow.callback.getDetailedCookie("q_session").getPath()).isEqualTo("/ui/oidc");
        given().redirects().follow(false).cookie("q_session", providerSession).get("/api/v1/incidents")
                .then().statusCode(401);
        given().redirects().follow(false).cookie("q_session", providerSession).get("/ui/users")
                .then().statusCode(401);
    }

    /** The responses of one pass through the code flow. */
    private record Flow(Response callback, Response done) {
    }

    /** Follows the code flow redirect by redirect, keeping cookies like a browser. */
    private static Flow signInWithProvider(String next) {
        Map<String, String> jar = new HashMap<>();
        Response start = given().redirects().follow(false).queryParam("next", next).get("/ui/oidc");
        assertThat(start.statusCode()).as("redirect to the provider").isEqualTo(302);
        keep(jar, start);
        URI authorize = URI.create(start.header("Location"));
        Map<String, String> query = query(authorize);
        assertThat(query.get("redirect_uri")).endsWith("/ui/oidc");
        assertThat(query).containsKey("code_challenge");
        // The provider's login page posts here; it answers with the redirect back to us, carrying the code.
        Response login = given().redirects().follow(false).queryParam("state", query.get("state"))
                .queryParam("redirect_uri", query.get("redirect_uri"))
                .get(authorize.getScheme() + "://" + authorize.getAuthority() + "/login");
        assertThat(login.statusCode()).isEqualTo(302);
        Response callback = given().redirects().follow(false).cookies(jar).urlEncodingEnabled(false)
                .get(login.header("Location"));
        assertThat(callback.statusCode()).as("code exchanged: " + callback.asString()).isEqualTo(302);
        keep(jar, callback);
        Response done = given().redirects().follow(false).cookies(jar).urlEncodingEnabled(false)
                .get(callback.header("Location"));
        return new Flow(callback, done);
    }

    /** Makes the provider's token endpoint answer with an ID token for this person and these groups. */
    private void issueIdToken(String username, Set<String> groups, String subject) {
        String idToken = OidcWiremockTestResource.generateJwtToken(username, groups, subject, "ID",
                Set.of(CLIENT_ID, "https://id.server.example.com"));
        String accessToken = OidcWiremockTestResource.getAccessToken(username, groups);
        idTokenStub = provider.stubFor(post("/auth/realms/quarkus/token")
                .withRequestBody(containing("authorization_code")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + accessToken + "\",\"id_token\":\"" + idToken + "\"}")));
    }

    private static void keep(Map<String, String> jar, Response response) {
        for (Cookie c : response.getDetailedCookies()) {
            if (c.getMaxAge() == 0 || c.getValue() == null || c.getValue().isEmpty()) {
                jar.remove(c.getName());
            } else {
                jar.put(c.getName(), c.getValue());
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String csrfOf(String html) {
        var m = java.util.regex.Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">").matcher(html);
        assertThat(m.find()).as("page has a CSRF token").isTrue();
        return m.group(1);
    }
}
