package io.leakresponder.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Shortcuts for calling the API as the bootstrap admin or with a token of a given role. */
public final class Api {

    /** The test profile's bootstrap admin token (application.properties, %test). */
    public static final String ADMIN_TOKEN = "test-only-admin-token-do-not-use-in-production";

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification asAdmin() {
        return as(ADMIN_TOKEN);
    }

    /** Creates a named token with a role and returns its value. */
    public static String tokenFor(String role) {
        return postJson("/api/v1/tokens", Map.of("name", "test " + role + " " + System.nanoTime(), "role", role), 201)
                .extract().path("token");
    }

    /** A JSON POST by this caller with this body (none when null), its answer not yet checked. */
    public static Response postJson(RequestSpecification caller, String path, Object body) {
        RequestSpecification request = caller.contentType(ContentType.JSON);
        return (body == null ? request : request.body(body)).post(path);
    }

    /** A JSON POST by this caller whose answer must have this status. */
    public static ValidatableResponse postJson(RequestSpecification caller, String path, Object body, int status) {
        return postJson(caller, path, body).then().statusCode(status);
    }

    /** A JSON POST by the bootstrap admin whose answer must have this status. */
    public static ValidatableResponse postJson(String path, Object body, int status) {
        return postJson(asAdmin(), path, body, status);
    }

    /** A JSON PUT by this caller whose answer must have this status. */
    public static ValidatableResponse putJson(RequestSpecification caller, String path, Object body, int status) {
        return caller.contentType(ContentType.JSON).body(body).put(path).then().statusCode(status);
    }
}
