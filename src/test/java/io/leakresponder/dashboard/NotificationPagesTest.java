package io.leakresponder.dashboard;

import static io.leakresponder.testsupport.Api.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Notifications page (channels, dead letters, retry) and the ticket panel of an incident. */
@QuarkusTest
class NotificationPagesTest {

    static final String AC = "ACabcdefabcdefabcdefabcdefabcdef04";
    static final String TOKEN = "4444000011112222aaaabbbbccccdd04";
    static final String HOOK_SECRET = "whsec-dashboard-test-0123456789abcdefghijklmnop";

    final StringBuilder seen = new StringBuilder();

    @BeforeEach
    void reset() {
        UiClient.resetWithFirstAdmin();
    }

    String keep(String html) {
        seen.append(html).append('\n');
        return html;
    }

    String openLiveIncident() {
        TwilioDouble.shared().liveAccount(AC, TOKEN, "Prod");
        return Incidents.trackAuthToken(AC, TOKEN);
    }

    /** Keeps the answer's page for the secret checks and returns it, once its status is checked. */
    String keep(Response answer, int status) {
        return keep(answer.then().statusCode(status).extract().asString());
    }

    @Test
    void anAdminAddsAChannelAndAResponderRetriesItsDeadLetter() {
        UiClient admin = UiClient.signInAs("admin");
        String page = keep(admin.request().get("/ui/notifications"), 200);
        assertThat(page).contains("id=\"add-channel\"").contains("id=\"no-deliveries\"");
        // A refused target answers with an error naming the field, and nothing is stored.
        String refused = keep(admin.htmx().formParam("name", "meta").formParam("type", "WEBHOOK")
                .formParam("url", "http://169.254.169.254/latest").formParam("secret", HOOK_SECRET)
                .post("/ui/notification-channels").then().extract().asString());
        assertThat(refused).contains("url");
        assertThat(Db.count("SELECT count(*) FROM notification_channel")).isZero();
        // Port 9 (discard) on loopback: nothing listens, every attempt fails fast.
        String added = keep(admin.htmx().formParam("name", "broken hook").formParam("type", "WEBHOOK")
                .formParam("url", "http://127.0.0.1:9/hook").formParam("secret", HOOK_SECRET)
                .formParam("events", "OPENED").post("/ui/notification-channels"), 200);
        assertThat(added).contains("Created broken hook").contains("127.0.0.1").doesNotContain(HOOK_SECRET)
                .doesNotContain("/hook");

        openLiveIncident();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count("SELECT count(*) FROM notification_delivery WHERE status = 'DEAD'") == 1);
        UiClient responder = UiClient.signInAs("responder");
        String dead = keep(responder.request().get("/ui/notifications"), 200);
        assertThat(dead).contains("OPENED").contains("broken hook").contains("ConnectException talking to 127.0.0.1")
                .contains(">Retry<").doesNotContain("id=\"add-channel\"");
        String id = Db.string("SELECT id FROM notification_delivery");
        String retried = keep(responder.htmx().post("/ui/notifications/" + id + "/retry"), 200);
        assertThat(retried).contains("again");
        assertThat(Db.string("SELECT status FROM notification_delivery")).isIn("PENDING", "DEAD");
        assertThat(seen.toString()).doesNotContain(TOKEN).doesNotContain(HOOK_SECRET);
        assertThat(Logs.all()).doesNotContain(TOKEN).doesNotContain(HOOK_SECRET);
    }

    @Test
    void aResponderLinksATicketOnTheIncidentPageAndAViewerSeesIt() {
        String incident = openLiveIncident();
        UiClient responder = UiClient.signInAs("responder");
        String page = keep(responder.request().get("/ui/incidents/" + incident), 200);
        String ticket = "/ui/incidents/" + incident + "/ticket";
        assertThat(page).contains("hx-get=\"" + ticket + "\"");
        String panel = keep(responder.htmx().get(ticket), 200);
        assertThat(panel).contains("No ticket linked").contains("id=\"link-ticket\"");
        String bad = keep(responder.htmx().formParam("reference", "not a key").post(ticket).asString());
        assertThat(bad).contains("reference");
        String linked = keep(responder.htmx().formParam("reference", "SEC-7")
                .formParam("url", "https://acme.atlassian.net/browse/SEC-7").post(ticket), 200);
        assertThat(linked).contains("Linked SEC-7").contains("href=\"https://acme.atlassian.net/browse/SEC-7\"");
        String viewed = keep(UiClient.signInAs("viewer").htmx().get(ticket), 200);
        assertThat(viewed).contains("SEC-7").doesNotContain("id=\"link-ticket\"");
        assertThat(seen.toString()).doesNotContain(TOKEN);
    }
}
