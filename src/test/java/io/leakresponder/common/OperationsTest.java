package io.leakresponder.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void healthOpenApiAndMetricsAreServed() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/findings"))
                // The findings endpoint reads its body itself (streamed); the spec still says it takes one.
                .body(containsString("the scanner's report as it wrote it"))
                .body(containsString("/api/v1/incidents/{id}/rotation"))
                .body(containsString("/api/v1/liveness"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("leak_responder_incidents_open"))
                .body(containsString("leak_responder_credentials_live"))
                .body(containsString("leak_responder_incident_time_to_contain"));
    }

    @Test
    void unknownApiPathsAnswerProblemJson() {
        given().header("Authorization", "Bearer test-only-admin-token-do-not-use-in-production")
                .get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
