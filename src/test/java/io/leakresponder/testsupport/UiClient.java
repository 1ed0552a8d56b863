package io.leakresponder.testsupport;

import static io.restassured.RestAssured.given;

import io.leakresponder.security.UserService;
import io.quarkus.arc.Arc;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in dashboard session for HTTP-level tests: its cookie and its CSRF token, like a browser holds them. */
public final class UiClient {

    /** The password every test user gets. */
    public static final String PASSWORD = "correct horse battery staple";
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    private static final Pattern FIELD_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    public final String username;
    public final String cookie;
    public final String csrf;

    private UiClient(String username, String cookie, String csrf) {
        this.username = username;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /**
     * Empties the database and the Twilio mock, then creates a first admin: with an admin in place, signing in does
     * not lead to set-up.
     */
    public static void resetWithFirstAdmin() {
        Db.reset();
        TwilioDouble.shared().reset();
        signInAs("admin");
    }

    /** A request without a session, not following redirects: what an anonymous browser sends. */
    public static RequestSpecification anonymous() {
        return given().redirects().follow(false);
    }

    /** Creates a user with this role (as an admin would) and signs in through the login form. */
    public static UiClient signInAs(String role) {
        String username = role + "-" + Long.toString(System.nanoTime(), 36);
        Arc.container().instance(UserService.class).get().create(username, PASSWORD, role, "test");
        return signIn(username, PASSWORD);
    }

    public static UiClient signIn(String username, String password) {
        // Before the first admin exists the sign-in page leads to set-up; either page carries a sign-in CSRF pair.
        Response login = given().get("/ui/login");
        String loginCsrf = find(FIELD_CSRF, login.asString());
        Response signedIn = given().redirects().follow(false)
                .cookie("lr_login_csrf", login.getCookie("lr_login_csrf"))
                .formParam("_csrf", loginCsrf).formParam("username", username).formParam("password", password)
                .post("/ui/login");
        if (signedIn.statusCode() != 303 || signedIn.getCookie("lr_session") == null) {
            throw new AssertionError("sign-in failed: " + signedIn.statusCode() + " " + signedIn.asString());
        }
        String cookie = signedIn.getCookie("lr_session");
        String page = given().cookie("lr_session", cookie).get("/ui/account").asString();
        return new UiClient(username, cookie, find(META_CSRF, page));
    }

    /** A request with the session cookie, not following redirects. */
    public RequestSpecification request() {
        return given().redirects().follow(false).cookie("lr_session", cookie);
    }

    /** A state-changing request as htmx sends it: session cookie, CSRF header, HX-Request. */
    public RequestSpecification htmx() {
        return request().header("X-CSRF-Token", csrf).header("HX-Request", "true");
    }

    /** A state-changing request as a plain HTML form sends it: the CSRF token in the form. */
    public RequestSpecification form() {
        return request().formParam("_csrf", csrf);
    }

    private static String find(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in page: " + html);
        }
        return m.group(1);
    }
}
