package io.leakresponder.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** With the demo off (the default), nothing of it is served or shown. */
@QuarkusTest
class DemoOffTest {

    @Test
    void theSimulatorIsNotServed() {
        given().auth().preemptive().basic(DemoAccounts.ACCOUNT_SID, DemoAccounts.LIVE_AUTH_TOKEN)
                .get("/demo/twilio/2010-04-01/Accounts/" + DemoAccounts.ACCOUNT_SID + ".json").then().statusCode(404);
        given().get("/demo/twilio/v1/Events").then().statusCode(404);
    }

    @Test
    void noPageCarriesTheDemoBanner() {
        given().get("/ui/login").then().statusCode(200).body(not(containsString("demo-banner")));
    }
}
