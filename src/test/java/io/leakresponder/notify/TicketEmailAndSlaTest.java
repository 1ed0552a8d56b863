package io.leakresponder.notify;

import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.postJson;
import static io.leakresponder.testsupport.Api.putJson;
import static io.leakresponder.testsupport.Api.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ticket links, e-mail through the mock mailbox, and SLA breach notices. */
@QuarkusTest
class TicketEmailAndSlaTest {

    static final String AC = "ACabcdefabcdefabcdefabcdefabcdef03";
    static final String TOKEN = "9999000011112222aaaabbbbccccdd03";

    @Inject
    MockMailbox mailbox;

    @Inject
    SlaBreachScan slaScan;

    @BeforeEach
    void reset() {
        Db.reset();
        TwilioDouble.shared().reset();
        mailbox.clear();
    }

    String openLiveIncident() {
        TwilioDouble.shared().liveAccount(AC, TOKEN, "Prod");
        return Incidents.trackAuthToken(AC, TOKEN);
    }

    void emailChannel(List<String> events) {
        postJson("/api/v1/notification-channels", Map.of("name", "security team", "type", "EMAIL",
                "recipients", List.of("secops@example.test", "oncall@example.test"), "events", events), 201)
                .body("target", equalTo("2 recipient(s)"));
    }

    @Test
    void aTicketIsLinkedByApiAndShowsInTheNextMessage() {
        emailChannel(List.of("CONTAINED", "CLOSED"));
        String id = openLiveIncident();
        String responder = tokenFor("responder");
        String ticket = Incidents.path(id, "/ticket");
        putJson(as(responder), ticket, Map.of("reference", "not a key"), 400).contentType("application/problem+json")
                .body("field", equalTo("reference"));
        putJson(as(responder), ticket, Map.of("reference", "SEC-42", "url", "javascript:alert(1)"), 400)
                .body("field", equalTo("url"));
        as(responder).get(ticket).then().statusCode(404);
        putJson(as(responder), ticket, Map.of("reference", "SEC-42", "url", "https://acme.atlassian.net/browse/SEC-42"),
                200).body("reference", equalTo("SEC-42"));
        as(tokenFor("viewer")).get(ticket).then().statusCode(200)
                .body("url", equalTo("https://acme.atlassian.net/browse/SEC-42"));
        putJson(as(tokenFor("viewer")), ticket, Map.of("reference", "SEC-43"), 403);
        List<String> actions = Incidents.events(id).extract().path("action");
        assertThat(actions).contains("ticket_linked");

        Incidents.act(id, "close", Map.of("resolution", "TEST_CREDENTIAL", "reason", "sandbox account"), 200);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(mailbox.getMailsSentTo("secops@example.test")).hasSize(1));
        Mail mail = mailbox.getMailsSentTo("secops@example.test").get(0);
        assertThat(mail.getTo()).containsExactly("secops@example.test", "oncall@example.test");
        assertThat(mail.getSubject()).contains("closed");
        assertThat(mail.getText()).contains("SEC-42").contains("…dd03").contains("TEST_CREDENTIAL")
                .contains("https://leaks.example.test/ui/incidents/" + id);
        for (String secret : List.of(TOKEN, Fixtures.AUTH_TOKEN, Fixtures.KEY_SECRET)) {
            assertThat(mail.getText() + mail.getSubject()).doesNotContain(secret);
            assertThat(Logs.all()).doesNotContain(secret);
        }

        as(responder).delete(ticket).then().statusCode(204);
        as(responder).get(ticket).then().statusCode(404);
    }

    @Test
    void aBreachedSlaIsAnnouncedOncePerTarget() {
        emailChannel(List.of("SLA_BREACH"));
        String id = openLiveIncident();
        slaScan.run();
        assertThat(Db.count("SELECT count(*) FROM sla_breach_notice")).isZero();
        // Opened two days ago and nobody took it: both the acknowledge and the contain targets are missed.
        Db.exec("UPDATE incident SET opened_at = now() - interval '2 days' WHERE id = '" + id + "'");
        slaScan.run();
        slaScan.run();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(mailbox.getMailsSentTo("secops@example.test")).hasSize(2));
        assertThat(mailbox.getMailsSentTo("secops@example.test"))
                .allSatisfy(m -> assertThat(m.getSubject()).contains("breached its SLA"));
        slaScan.run();
        assertThat(Db.count("SELECT count(*) FROM notification_delivery WHERE event = 'SLA_BREACH'")).isEqualTo(2);
    }
}
