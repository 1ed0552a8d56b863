package io.leakresponder.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
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
        return asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", "test " + role + " " + System.nanoTime(), "role", role))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }
}
