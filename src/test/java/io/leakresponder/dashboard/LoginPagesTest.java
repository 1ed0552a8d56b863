package io.leakresponder.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.leakresponder.testsupport.Api;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginPagesTest {

    private static final Pattern FIELD_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    @BeforeEach
    void reset() {
        Db.reset();
    }

    @Test
    void theFirstAdminIsCreatedWithTheBootstrapTokenOnlyOnce() {
        given().redirects().follow(false).get("/ui/login").then().statusCode(303)
                .header("Location", containsString("/ui/setup"));
        Response page = given().get("/ui/setup");
        String csrf = csrfOf(page.asString());
        String cookie = page.getCookie(CsrfFilter.LOGIN_COOKIE);

        // Wrong token: refused, nothing created.
        given().redirects().follow(false).cookie(CsrfFilter.LOGIN_COOKIE, cookie).formParam("_csrf", csrf)
                .formParam("bootstrapToken", "not-the-token").formParam("username", "alice")
                .formParam("password", UiClient.PASSWORD).post("/ui/setup")
                .then().statusCode(403).body(containsString("bootstrapToken"));
        assertThat(Db.count("SELECT count(*) FROM app_user")).isZero();

        Response created = given().redirects().follow(false).cookie(CsrfFilter.LOGIN_COOKIE, cookie)
                .formParam("_csrf", csrf).formParam("bootstrapToken", Api.ADMIN_TOKEN)
                .formParam("username", "alice").formParam("password", UiClient.PASSWORD).post("/ui/setup");
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.getDetailedCookie("lr_session").isHttpOnly()).isTrue();
        assertThat(created.getDetailedCookie("lr_session").isSecured()).isTrue();
        assertThat(created.getDetailedCookie("lr_session").getSameSite()).isEqualToIgnoringCase("Strict");
        given().cookie("lr_session", created.getCookie("lr_session")).get("/ui/users")
                .then().statusCode(200).body(containsString("alice"));

        // Set up once: the set-up page now sends people to sign in, and posting to it is refused.
        given().redirects().follow(false).get("/ui/setup").then().statusCode(303)
                .header("Location", containsString("/ui/login"));
        Response again = given().get("/ui/login");
        given().redirects().follow(false).cookie(CsrfFilter.LOGIN_COOKIE, again.getCookie(CsrfFilter.LOGIN_COOKIE))
                .formParam("_csrf", csrfOf(again.asString())).formParam("bootstrapToken", Api.ADMIN_TOKEN)
                .formParam("username", "mallory").formParam("password", UiClient.PASSWORD).post("/ui/setup")
                .then().statusCode(409);
        // A wrong token gets the same answer: the form tells nothing about guesses once set up.
        given().redirects().follow(false).cookie(CsrfFilter.LOGIN_COOKIE, again.getCookie(CsrfFilter.LOGIN_COOKIE))
                .formParam("_csrf", csrfOf(again.asString())).formParam("bootstrapToken", "a wrong guess")
                .formParam("username", "mallory").formParam("password", UiClient.PASSWORD).post("/ui/setup")
                .then().statusCode(409);
        assertThat(Db.count("SELECT count(*) FROM app_user")).isEqualTo(1);
        // The password is stored only as a PBKDF2 hash.
        assertThat(Db.dumpAllTables()).doesNotContain(UiClient.PASSWORD).contains("pbkdf2-sha256$");
        assertThat(Logs.all()).doesNotContain(UiClient.PASSWORD);
    }

    @Test
    void signInWithAWrongPasswordFailsAndTooManyLockTheAccount() {
        UiClient.signInAs("admin");
        UiClient viewer = UiClient.signInAs("viewer");
        for (int i = 0; i < 5; i++) {
            Response page = given().get("/ui/login");
            given().cookie(CsrfFilter.LOGIN_COOKIE, page.getCookie(CsrfFilter.LOGIN_COOKIE))
                    .formParam("_csrf", csrfOf(page.asString())).formParam("username", viewer.username)
                    .formParam("password", "wrong password!").post("/ui/login")
                    .then().statusCode(401).body(containsString("wrong username or password"));
        }
        assertThat(Db.count("SELECT count(*) FROM app_user WHERE username = '" + viewer.username
                + "' AND locked_until > now()")).isEqualTo(1);
        // Locked: even the right password is refused, with exactly the answer a wrong password or an unknown
        // user gets, so the form tells nobody which accounts exist or are locked.
        String locked = refusal(viewer.username, UiClient.PASSWORD);
        assertThat(locked).contains("wrong username or password (after 5 wrong passwords in a row an account is "
                + "locked for 15 minutes)");
        assertThat(refusal("nobody-" + System.nanoTime(), UiClient.PASSWORD)).isEqualTo(locked);
        assertThat(Db.count("SELECT count(*) FROM app_session s JOIN app_user u ON u.id = s.user_id "
                + "WHERE u.username = '" + viewer.username + "' AND s.ended_at IS NULL")).isEqualTo(1);
    }

    /** The sign-in page's error message for a refused attempt (which must be a 401). */
    private static String refusal(String username, String password) {
        Response page = given().get("/ui/login");
        String body = given().cookie(CsrfFilter.LOGIN_COOKIE, page.getCookie(CsrfFilter.LOGIN_COOKIE))
                .formParam("_csrf", csrfOf(page.asString())).formParam("username", username)
                .formParam("password", password).post("/ui/login").then().statusCode(401).extract().asString();
        Matcher error = Pattern.compile("<[^>]*class=\"[^\"]*error[^\"]*\"[^>]*>([^<]*)<").matcher(body);
        assertThat(error.find()).as("an error message on the page").isTrue();
        return error.group(1).strip();
    }

    @Test
    void parallelWrongPasswordsAllCountTowardsTheLockout() throws Exception {
        UiClient.signInAs("admin");
        UiClient viewer = UiClient.signInAs("viewer");
        Response page = given().get("/ui/login");
        String cookie = page.getCookie(CsrfFilter.LOGIN_COOKIE);
        String csrf = csrfOf(page.asString());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> guesses = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            guesses.add(pool.submit(() -> given().cookie(CsrfFilter.LOGIN_COOKIE, cookie).formParam("_csrf", csrf)
                    .formParam("username", viewer.username).formParam("password", "wrong password!")
                    .post("/ui/login").statusCode()));
        }
        for (var guess : guesses) {
            assertThat(guess.get()).isEqualTo(401);
        }
        pool.shutdown();
        // Four guesses at once are four failures, not one counted four times.
        assertThat(Db.count("SELECT failed_logins FROM app_user WHERE username = '" + viewer.username + "'"))
                .isEqualTo(4);
    }

    @Test
    void theSignInFormWithoutItsCsrfTokenIsRefused() {
        UiClient.signInAs("admin");
        given().formParam("username", "x").formParam("password", "y").post("/ui/login")
                .then().statusCode(403).contentType(startsWith("text/html")).body(containsString("CSRF"));
        // The same form under another path that reaches it (a trailing slash) is checked all the same.
        given().formParam("username", "admin").formParam("password", UiClient.PASSWORD).post("/ui/login/")
                .then().statusCode(403).body(containsString("CSRF"));
        given().formParam("bootstrapToken", Api.ADMIN_TOKEN).formParam("username", "x")
                .formParam("password", UiClient.PASSWORD).post("/ui/setup/").then().statusCode(403);
    }

    @Test
    void pagesRedirectToSignInAndComeBackToTheAskedPage() {
        UiClient.signInAs("admin");
        given().redirects().follow(false).get("/ui/users").then().statusCode(303)
                .header("Location", equalTo("/ui/login?next=%2Fui%2Fusers"));
        given().redirects().follow(false).header("HX-Request", "true").get("/ui/users").then().statusCode(200)
                .header("HX-Redirect", startsWith("/ui/login"));
        // Only dashboard pages are accepted as the target: no open redirect.
        assertThat(LoginPages.safeNext("https://evil.example/")).isEqualTo("/ui/overview");
        assertThat(LoginPages.safeNext("//evil.example/ui")).isEqualTo("/ui/overview");
        assertThat(LoginPages.safeNext("/ui//evil.example")).isEqualTo("/ui/overview");
        assertThat(LoginPages.safeNext("/ui/incidents?state=OPEN")).isEqualTo("/ui/incidents?state=OPEN");
    }

    @Test
    void dashboardAnswersCarryAStrictContentSecurityPolicyAndAreNotCached() {
        UiClient admin = UiClient.signInAs("admin");
        admin.request().get("/ui/users").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
        String html = admin.request().get("/ui/users").asString();
        assertThat(html).doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain("style=\"");
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        UiClient admin = UiClient.signInAs("admin");
        admin.request().get("/ui/users").then().statusCode(200);
        admin.form().post("/ui/logout").then().statusCode(303);
        admin.request().get("/ui/users").then().statusCode(303).header("Location", startsWith("/ui/login"));
    }

    @Test
    void withFormSignInTheOpenIdConnectEndpointDoesNotExist() {
        UiClient.signInAs("admin");
        given().redirects().follow(false).get("/ui/oidc?next=/ui/users").then().statusCode(404)
                .contentType(startsWith("text/html"));
        given().get("/ui/login").then().statusCode(200).body(containsString("type=\"password\""))
                .body(org.hamcrest.Matchers.not(containsString("/ui/oidc")));
    }

    @Test
    void theSessionCookieIsNotAcceptedByTheJsonApi() {
        UiClient admin = UiClient.signInAs("admin");
        admin.request().get("/api/v1/incidents").then().statusCode(401);
    }

    @Test
    void anAdminManagesUsersAndADisabledUserLosesTheirSessionAtOnce() {
        UiClient admin = UiClient.signInAs("admin");
        admin.htmx().formParam("username", "bob").formParam("password", UiClient.PASSWORD)
                .formParam("role", "responder").post("/ui/users")
                .then().statusCode(200).body(containsString("Created bob (responder)."));
        UiClient bob = UiClient.signIn("bob", UiClient.PASSWORD);
        bob.request().get("/ui/account").then().statusCode(200).body(containsString("responder"));
        bob.request().get("/ui/users").then().statusCode(403).contentType(startsWith("text/html"));

        String bobId = Db.string("SELECT id::text FROM app_user WHERE username = 'bob'");
        admin.htmx().post("/ui/users/" + bobId + "/disable").then().statusCode(200)
                .body(containsString("bob is disabled"));
        bob.request().get("/ui/account").then().statusCode(303);

        // A too-short password names its field and changes nothing.
        admin.htmx().formParam("username", "carol").formParam("password", "short").formParam("role", "viewer")
                .post("/ui/users").then().statusCode(400).header("HX-Retarget", "#flash")
                .body(containsString("password"));
        assertThat(Db.count("SELECT count(*) FROM app_user WHERE username = 'carol'")).isZero();
        // Without the CSRF header, the same request is refused.
        admin.request().header("HX-Request", "true").formParam("username", "dave")
                .formParam("password", UiClient.PASSWORD).formParam("role", "viewer").post("/ui/users")
                .then().statusCode(403).body(containsString("CSRF"));
        assertThat(Db.count("SELECT count(*) FROM app_user WHERE username = 'dave'")).isZero();
    }

    private static String csrfOf(String html) {
        Matcher m = FIELD_CSRF.matcher(html);
        assertThat(m.find()).as("page has a CSRF field").isTrue();
        return m.group(1);
    }
}
