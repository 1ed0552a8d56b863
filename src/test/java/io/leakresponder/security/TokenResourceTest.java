package io.leakresponder.security;

import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.tokenFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.leakresponder.testsupport.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenResourceTest {

    @BeforeEach
    void reset() {
        Db.reset();
    }

    @Test
    void adminCreatesATokenShownOnceAndStoredOnlyAsHash() {
        String token = asAdmin().contentType(ContentType.JSON).body(Map.of("name", "ci pipeline", "role", "ingest"))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .body("name", equalTo("ci pipeline")).body("role", equalTo("ingest"))
                .body("token", startsWith("lrt_"))
                .extract().path("token");
        asAdmin().get("/api/v1/tokens").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].name", equalTo("ci pipeline"))
                .body("[0]", not(org.hamcrest.Matchers.hasKey("token")));
        String secretPart = token.substring(token.lastIndexOf('_') + 1);
        assertThat(Db.dumpAllTables()).doesNotContain(token).doesNotContain(secretPart);
    }

    @Test
    void noTokenOrBadTokenIs401WithProblem() {
        given().get("/api/v1/incidents").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401))
                .body("title", equalTo("Unauthorized")).header("WWW-Authenticate", "Bearer");
        as("lrt_nonexistent_abc").get("/api/v1/incidents").then().statusCode(401)
                .contentType("application/problem+json");
        as("wrong").get("/api/v1/incidents").then().statusCode(401);
        given().header("Authorization", "Basic YTpi").get("/api/v1/incidents").then().statusCode(401);
    }

    @Test
    void rolesAreEnforced() {
        String viewer = tokenFor("viewer");
        String ingest = tokenFor("ingest");
        String responder = tokenFor("responder");
        as(viewer).get("/api/v1/incidents").then().statusCode(200);
        as(viewer).get("/api/v1/tokens").then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403));
        as(viewer).body("x").post("/api/v1/findings").then().statusCode(403);
        as(ingest).get("/api/v1/incidents").then().statusCode(403);
        as(responder).get("/api/v1/incidents").then().statusCode(200);
        as(responder).contentType(ContentType.JSON).body(Map.of("name", "n", "role", "admin"))
                .post("/api/v1/tokens").then().statusCode(403);
    }

    @Test
    void revokedTokenStopsWorking() {
        String viewer = tokenFor("viewer");
        String id = asAdmin().get("/api/v1/tokens").then().extract().path("[0].id");
        as(viewer).get("/api/v1/incidents").then().statusCode(200);
        asAdmin().delete("/api/v1/tokens/" + id).then().statusCode(204);
        as(viewer).get("/api/v1/incidents").then().statusCode(401);
        asAdmin().get("/api/v1/tokens").then().body("[0].revokedAt", not(nullValue()))
                .body("[0].revokedBy", equalTo("bootstrap-admin"));
    }

    @Test
    void tamperedTokenIsRefused() {
        String viewer = tokenFor("viewer");
        String tampered = viewer.substring(0, viewer.length() - 1) + (viewer.endsWith("A") ? "B" : "A");
        as(tampered).get("/api/v1/incidents").then().statusCode(401);
    }

    @Test
    void badTokenRequestsAreRefusedWithTheField() {
        asAdmin().contentType(ContentType.JSON).body(Map.of("name", "x", "role", "superuser"))
                .post("/api/v1/tokens").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("role"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                .post("/api/v1/tokens").then().statusCode(400).body("field", equalTo("name"));
        asAdmin().contentType(ContentType.JSON).body("{not json")
                .post("/api/v1/tokens").then().statusCode(400).contentType("application/problem+json");
        asAdmin().delete("/api/v1/tokens/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("does not exist"));
        assertThat(Db.count("SELECT count(*) FROM api_token")).isZero();
    }
}
