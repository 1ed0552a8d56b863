package io.leakresponder.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.leakresponder.testsupport.Api.as;
import static io.leakresponder.testsupport.Api.asAdmin;
import static io.leakresponder.testsupport.Api.postJson;
import static io.leakresponder.testsupport.Api.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end: channels created through the API, incidents driven through the workflow, and
 * WireMock playing Slack, a webhook receiver, PagerDuty and GitHub. Every outbound body and the test log are
 * searched for every fixture secret.
 */
@QuarkusTest
class NotificationDeliveryTest {

    static final String AC = "ACabcdefabcdefabcdefabcdefabcdef02";
    static final String TOKEN = "5555666677778888aaaabbbbccccdd02";
    /** Settings that are credentials themselves: they must reach only their own receiver. */
    static final String HOOK_SECRET = "whsec-test-only-0123456789abcdefghijklmnopqrstuv";
    static final String SLACK_PATH = "/services/T0TEST/B0TEST/slackPathTokenTestOnly123";
    static final String ROUTING_KEY = "R0UTINGKEYtestonly0123456789abcd";
    static final String GITHUB_TOKEN = "ghp_testOnlyToken0123456789abcdefghijkl";
    static final String CHANNELS = "/api/v1/notification-channels";

    static WireMockServer receiver;
    static final ObjectMapper JSON = new ObjectMapper();
    final StringBuilder seen = new StringBuilder();

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void reset() {
        Db.reset();
        TwilioDouble.shared().reset();
        receiver.resetAll();
        receiver.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlPathEqualTo("/pd")).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
    }

    String base() {
        return "http://127.0.0.1:" + receiver.port();
    }

    Response record(Response r) {
        seen.append(r.asString());
        return r;
    }

    static void twilioSays(int status) {
        TwilioDouble.shared().reset();
        TwilioDouble.shared().accountAnswers(AC, TOKEN, status, "Prod");
    }

    String openLiveIncident() {
        twilioSays(200);
        ExtractableResponse<Response> tracked = Incidents.track(asAdmin(), Map.of("accountSid", AC, "authToken", TOKEN))
                .extract();
        seen.append(tracked.asString());
        return tracked.path("incidentId");
    }

    String channel(Map<String, Object> body) {
        return record(postJson(asAdmin(), CHANNELS, body)).then().statusCode(201).extract().path("id");
    }

    /** A PUT of these settings to a channel, its answer kept for the secret checks. */
    Response change(String channel, Map<String, Object> settings) {
        return record(asAdmin().contentType(ContentType.JSON).body(settings).put(CHANNELS + "/" + channel));
    }

    /** A channel the API refuses, naming the field at fault; nothing is stored. */
    static void refusedChannel(Map<String, Object> body, String field) {
        postJson(CHANNELS, body, 400).contentType("application/problem+json").body("field", equalTo(field));
    }

    String webhook(String path, List<String> events) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "hook " + path);
        body.put("type", "WEBHOOK");
        body.put("url", base() + path);
        body.put("secret", HOOK_SECRET);
        if (events != null) {
            body.put("events", events);
        }
        return channel(body);
    }

    List<ServeEvent> requestsTo(String path) {
        List<ServeEvent> out = new ArrayList<>(receiver.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(path)).toList());
        // The journal is newest first.
        java.util.Collections.reverse(out);
        return out;
    }

    static JsonNode json(ServeEvent e) {
        try {
            return JSON.readTree(e.getRequest().getBodyAsString());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    List<String> events(String path) {
        return requestsTo(path).stream().map(e -> json(e).path("event").asText()).toList();
    }

    Response act(String incident, String action, Object body) {
        return record(postJson(asAdmin(), Incidents.path(incident, "/" + action), body));
    }

    /** HMAC-SHA256 over "timestamp.body", computed here independently of the service's code. */
    static String expectedSignature(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    void assertNothingSecretLeft() {
        List<String> secrets = new ArrayList<>(List.of(Fixtures.SECRETS));
        secrets.add(TOKEN);
        StringBuilder outbound = new StringBuilder();
        for (ServeEvent e : receiver.getAllServeEvents()) {
            outbound.append(e.getRequest().getBodyAsString()).append('\n');
        }
        for (String secret : secrets) {
            assertThat(outbound.toString()).as("outbound bodies").doesNotContain(secret);
            assertThat(seen.toString()).as("API answers").doesNotContain(secret);
            assertThat(Logs.all()).as("test log").doesNotContain(secret);
        }
        // The channels' own credentials never show in answers, logs or the database in clear.
        String database = Db.dumpAllTables();
        for (String setting : List.of(HOOK_SECRET, SLACK_PATH, ROUTING_KEY, GITHUB_TOKEN, TOKEN)) {
            assertThat(seen.toString()).as("API answers").doesNotContain(setting);
            assertThat(Logs.all()).as("test log").doesNotContain(setting);
            assertThat(database).as("database").doesNotContain(setting);
        }
    }

    @Test
    void slackWebhookAndPagerDutyHearEachEventOnceWithNothingSecret() throws Exception {
        String hook = webhook("/hook", null);
        channel(Map.of("name", "slack", "type", "SLACK", "url", base() + SLACK_PATH, "minSeverity", "HIGH"));
        channel(Map.of("name", "pager", "type", "PAGERDUTY", "url", base() + "/pd", "routingKey", ROUTING_KEY));
        record(asAdmin().get("/api/v1/notification-channels/" + hook)).then().statusCode(200)
                .body("target", equalTo("127.0.0.1")).body("events.size()", equalTo(6));

        String id = openLiveIncident();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(events("/hook")).containsExactlyInAnyOrder("OPENED", "BECAME_LIVE");
            assertThat(requestsTo(SLACK_PATH)).hasSize(2);
            assertThat(requestsTo("/pd")).hasSize(1);
        });

        // The same credential reported again, three times over: new occurrences, no new message.
        String report = "TWILIO_ACCOUNT_SID=" + AC + "\nTWILIO_AUTH_TOKEN=" + TOKEN + "\n\nsid " + AC + " token "
                + TOKEN + "\n\nTWILIO_ACCOUNT_SID=" + AC + "\nTWILIO_AUTH_TOKEN=" + TOKEN + "\n";
        record(asAdmin().body(report).post("/api/v1/findings")).then().statusCode(200);
        record(asAdmin().body(report).post("/api/v1/findings")).then().statusCode(200);

        // Webhook: signed over timestamp and body, with an idempotency key that is the message id.
        for (ServeEvent e : requestsTo("/hook")) {
            String body = e.getRequest().getBodyAsString();
            String timestamp = e.getRequest().getHeader("X-Leak-Responder-Timestamp");
            assertThat(e.getRequest().getHeader("X-Leak-Responder-Signature"))
                    .isEqualTo(expectedSignature(timestamp, body));
            assertThat(Math.abs(Long.parseLong(timestamp) - java.time.Instant.now().getEpochSecond()))
                    .isLessThan(300);
            JsonNode n = JSON.readTree(body);
            assertThat(e.getRequest().getHeader("Idempotency-Key")).isEqualTo(n.path("id").asText())
                    .startsWith(hook + ":" + id + ":" + n.path("event").asText());
            assertThat(n.at("/incident/id").asText()).isEqualTo(id);
            assertThat(n.at("/incident/url").asText()).isEqualTo("https://leaks.example.test/ui/incidents/" + id);
            assertThat(n.at("/credential/kind").asText()).isEqualTo("AUTH_TOKEN");
            assertThat(n.at("/credential/hint").asText()).isEqualTo("…dd02");
        }
        // Slack: Block Kit with a header, the facts as fields and a button to the incident.
        JsonNode slack = json(requestsTo(SLACK_PATH).get(0));
        assertThat(slack.at("/blocks/0/type").asText()).isEqualTo("header");
        assertThat(slack.at("/blocks/1/type").asText()).isEqualTo("section");
        assertThat(slack.at("/blocks/1/fields").toString()).contains("*Severity*").contains("AUTH_TOKEN")
                .contains("…dd02");
        assertThat(slack.at("/blocks/2/elements/0/url").asText())
                .isEqualTo("https://leaks.example.test/ui/incidents/" + id);
        assertThat(slack.path("text").asText()).isNotBlank();
        // PagerDuty: a trigger for the live critical incident, keyed by the incident.
        JsonNode trigger = json(requestsTo("/pd").get(0));
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo(id);
        assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(trigger.at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(trigger.at("/payload/class").asText()).isEqualTo("BECAME_LIVE");

        // Contained: the webhook hears it and PagerDuty resolves the same dedup key.
        act(id, "acknowledge", Map.of("assignee", "alice")).then().statusCode(200);
        twilioSays(401);
        act(id, "contain", null).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(events("/hook")).containsExactlyInAnyOrder("OPENED", "BECAME_LIVE", "CONTAINED");
            assertThat(requestsTo("/pd")).hasSize(2);
        });
        JsonNode resolve = json(requestsTo("/pd").get(1));
        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText()).isEqualTo(id);
        // Contained means LOW severity now: the Slack channel (HIGH and above) stays quiet.
        assertThat(requestsTo(SLACK_PATH)).hasSize(2);

        // A receiver has the message a moment before its delivery is recorded as DELIVERED.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin()
                .get("/api/v1/notifications?incidentId=" + id).then().statusCode(200)
                .body("size()", equalTo(7)).body("findAll { it.status == 'DELIVERED' }.size()", equalTo(7)));
        assertNothingSecretLeft();
    }

    @Test
    void aFailingReceiverIsRetriedWithTheSameKeyThenDelivered() {
        receiver.stubFor(post(urlPathEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        receiver.stubFor(post(urlPathEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(204)));
        webhook("/flaky", List.of("OPENED"));
        String id = openLiveIncident();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                asAdmin().get("/api/v1/notifications?incidentId=" + id).then().extract().<String>path("[0].status"))
                .isEqualTo("DELIVERED"));
        List<ServeEvent> attempts = requestsTo("/flaky");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).getRequest().getHeader("Idempotency-Key"))
                .isEqualTo(attempts.get(1).getRequest().getHeader("Idempotency-Key"));
        assertThat(attempts.get(0).getRequest().getBodyAsString()).contains("\"OPENED\"");
        record(asAdmin().get("/api/v1/notifications?incidentId=" + id)).then()
                .body("[0].attempts", equalTo(2)).body("[0].lastHttpStatus", equalTo(204));
        assertNothingSecretLeft();
    }

    @Test
    void aReceiverThatKeepsFailingLeavesADeadLetterThatCanBeRetried() {
        receiver.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        webhook("/down", List.of("OPENED"));
        String id = openLiveIncident();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                asAdmin().get("/api/v1/notifications?status=DEAD").then().extract().<List<?>>path("$")).hasSize(1));
        String responder = tokenFor("responder");
        String dead = record(as(responder).get("/api/v1/notifications?status=DEAD")).then().statusCode(200)
                .body("[0].incidentId", equalTo(id)).body("[0].event", equalTo("OPENED"))
                .body("[0].attempts", equalTo(3)).body("[0].lastHttpStatus", equalTo(503))
                .body("[0].lastError", equalTo("HTTP 503 from 127.0.0.1"))
                .extract().path("[0].id");
        assertThat(requestsTo("/down")).hasSize(3);
        String viewer = tokenFor("viewer");
        as(viewer).get("/api/v1/notifications").then().statusCode(403);

        // The receiver is back: a retry sends the same message (same key) and clears the dead letter.
        receiver.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(200)));
        record(as(responder).post("/api/v1/notifications/" + dead + "/retry")).then().statusCode(200)
                .body("status", equalTo("PENDING"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                asAdmin().get("/api/v1/notifications?status=DELIVERED").then().extract().<List<?>>path("$"))
                .hasSize(1));
        assertThat(asAdmin().get("/api/v1/notifications?status=DEAD").then().extract().<List<?>>path("$")).isEmpty();
        List<ServeEvent> attempts = requestsTo("/down");
        assertThat(attempts).hasSize(4);
        assertThat(attempts.get(3).getRequest().getHeader("Idempotency-Key"))
                .isEqualTo(attempts.get(0).getRequest().getHeader("Idempotency-Key"));
        as(responder).post("/api/v1/notifications/" + dead + "/retry").then().statusCode(409)
                .contentType("application/problem+json");
        assertNothingSecretLeft();
    }

    @Test
    void receiverUrlsAndSettingsAreValidatedNamingTheField() {
        Map<String, Object> metadata = Map.of("name", "x", "type", "WEBHOOK",
                "url", "http://169.254.169.254/latest/meta-data", "secret", HOOK_SECRET);
        refusedChannel(metadata, "url");
        refusedChannel(Map.of("name", "x", "type", "SLACK", "url", "ftp://example.com/x"), "url");
        refusedChannel(Map.of("name", "x", "type", "SLACK", "url", "http://user:pw@127.0.0.1/x"), "url");
        refusedChannel(Map.of("name", "x", "type", "SLACK", "url", "http://10.0.0.7/x"), "url");
        refusedChannel(Map.of("name", "x", "type", "PAGERDUTY", "routingKey", "short"), "routingKey");
        refusedChannel(Map.of("name", "x", "type", "WEBHOOK", "url", base() + "/h", "secret", "too-short"), "secret");
        refusedChannel(Map.of("name", "x", "type", "SLACK", "url", base() + "/s", "events", List.of("SOMETHING")),
                "events");
        refusedChannel(Map.of("name", "x", "type", "CARRIER_PIGEON"), "type");
        refusedChannel(Map.of("name", "x", "type", "EMAIL", "recipients", List.of("not an address")), "recipients");
        assertThat(Db.count("SELECT count(*) FROM notification_channel")).isZero();
        // Only admins manage channels.
        postJson(as(tokenFor("responder")), CHANNELS, Map.of("name", "x", "type", "SLACK", "url", base() + "/s"), 403);
        // A generated webhook secret is shown once, then never again.
        Response created = postJson(asAdmin(), CHANNELS,
                Map.of("name", "gen", "type", "WEBHOOK", "url", base() + "/gen"));
        String generated = created.then().statusCode(201).extract().path("signingSecret");
        assertThat(generated).hasSizeGreaterThanOrEqualTo(40);
        String id = created.then().extract().path("id");
        assertThat(asAdmin().get("/api/v1/notification-channels/" + id).asString()).doesNotContain(generated);
        assertThat(asAdmin().get("/api/v1/notification-channels").asString()).doesNotContain(generated);
        assertThat(Db.dumpAllTables()).doesNotContain(generated);
    }

    @Test
    void closingAGithubIncidentResolvesItsAlertWithTheMappedResolution() throws Exception {
        channel(Map.of("name", "github", "type", "GITHUB", "url", base() + "/gh", "token", GITHUB_TOKEN));
        webhook("/hook", List.of("CLOSED"));
        receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(
                urlPathEqualTo("/gh/repos/acme/billing/secret-scanning/alerts/7")).willReturn(
                        aResponse()
                                .withStatus(200).withHeader("Content-Type", "application/json")
                                .withBody("{\"number\":7,"
                                        + "\"state\":\"resolved\",\"resolution\":\"false_positive\"}")));
        record(asAdmin().body(Fixtures.bytes("notify/github-alert.json")).post("/api/v1/findings")).then()
                .statusCode(200);
        String id = record(asAdmin().get("/api/v1/incidents")).then().extract().path("items[0].id");
        act(id, "close", Map.of("resolution", "FALSE_POSITIVE", "reason", "an example SID in the docs"))
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(requestsTo("/gh/")).hasSize(1);
            assertThat(events("/hook")).containsExactly("CLOSED");
        });
        ServeEvent patch = requestsTo("/gh/").get(0);
        assertThat(patch.getRequest().getMethod().getName()).isEqualTo("PATCH");
        assertThat(patch.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + GITHUB_TOKEN);
        assertThat(patch.getRequest().getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        JsonNode body = json(patch);
        assertThat(body.path("state").asText()).isEqualTo("resolved");
        assertThat(body.path("resolution").asText()).isEqualTo("false_positive");
        assertThat(body.path("resolution_comment").asText()).contains("FALSE_POSITIVE")
                .contains("https://leaks.example.test/ui/incidents/" + id);
        // The GitHub token went to GitHub only: every other request is free of it.
        for (ServeEvent e : receiver.getAllServeEvents()) {
            if (!e.getRequest().getUrl().startsWith("/gh/")) {
                assertThat(e.getRequest().getHeaders().toString()).doesNotContain(GITHUB_TOKEN);
            }
        }
        assertNothingSecretLeft();
    }

    @Test
    void aJiraChannelCreatesOneIssuePerIncidentAndLinksIt() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/jira/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"10001\",\"key\":\"SEC-101\",\"self\":\"" + base()
                        + "/jira/rest/api/3/issue/10001\"}")));
        Map<String, Object> jira = new LinkedHashMap<>(Map.of("name", "jira", "type", "JIRA", "url", base() + "/jira",
                "user", "bot@example.test", "token", GITHUB_TOKEN, "project", "SEC"));
        Map<String, Object> withEvents = new LinkedHashMap<>(jira);
        withEvents.put("events", List.of("OPENED", "CLOSED"));
        refusedChannel(withEvents, "events");
        jira.put("issueType", "Bug");
        channel(jira);
        String id = openLiveIncident();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> record(asAdmin()
                .get("/api/v1/incidents/" + id + "/ticket")).then().statusCode(200)
                .body("reference", equalTo("SEC-101")).body("url", equalTo(base() + "/jira/browse/SEC-101")));
        assertThat(requestsTo("/jira/")).hasSize(1);
        ServeEvent create = requestsTo("/jira/").get(0);
        assertThat(create.getRequest().getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString(("bot@example.test:" + GITHUB_TOKEN).getBytes(StandardCharsets.UTF_8)));
        JsonNode fields = json(create).path("fields");
        assertThat(fields.at("/project/key").asText()).isEqualTo("SEC");
        assertThat(fields.at("/issuetype/name").asText()).isEqualTo("Bug");
        assertThat(fields.path("summary").asText()).contains("opened");
        assertThat(fields.path("description").toString()).contains("…dd02")
                .contains("https://leaks.example.test/ui/incidents/" + id);
        assertNothingSecretLeft();
    }

    @Test
    void aChannelIsChangedKeepingItsSecretsAndDeletedWithItsHistory() throws Exception {
        String hook = webhook("/old", List.of("OPENED"));
        change(hook, Map.of("type", "SLACK")).then().statusCode(400).body("field", equalTo("type"));
        change(hook, Map.of("url", "http://10.1.2.3/x")).then().statusCode(400).body("field", equalTo("url"));
        // A new URL and events; the signing secret left out is kept.
        change(hook, Map.of("url", base() + "/new", "events", List.of("OPENED", "BECAME_LIVE"), "minSeverity", "HIGH"))
                .then().statusCode(200).body("events.size()", equalTo(2)).body("minSeverity", equalTo("HIGH"));
        String id = openLiveIncident();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(events("/new")).containsExactlyInAnyOrder("OPENED", "BECAME_LIVE"));
        assertThat(requestsTo("/old")).isEmpty();
        ServeEvent e = requestsTo("/new").get(0);
        assertThat(e.getRequest().getHeader("X-Leak-Responder-Signature")).isEqualTo(expectedSignature(
                e.getRequest().getHeader("X-Leak-Responder-Timestamp"), e.getRequest().getBodyAsString()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM notification_delivery WHERE status = 'DELIVERED'") == 2);
        as(tokenFor("responder")).delete("/api/v1/notification-channels/" + hook).then().statusCode(403);
        asAdmin().delete("/api/v1/notification-channels/" + hook).then().statusCode(204);
        asAdmin().get("/api/v1/notification-channels/" + hook).then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(Db.count("SELECT count(*) FROM notification_delivery")).isZero();
        assertThat(id).isNotBlank();
        assertNothingSecretLeft();
    }

    @Test
    void aReopenedIncidentOpensItsGithubAlertsAgain() {
        Message reopened = new Message("k", NoticeEvent.REOPENED, java.time.Instant.now(), java.util.UUID.randomUUID(),
                "t", "CRITICAL", "OPEN", null, "AUTH_TOKEN", "…abcd", AC, null, 1, null, null, null);
        assertThat(Senders.githubUpdate(reopened)).isEqualTo(Map.of("state", "open"));
        refusedChannel(Map.of("name", "gh", "type", "GITHUB", "token", GITHUB_TOKEN, "url", base() + "/gh",
                "events", List.of("OPENED")), "events");
    }

    @Test
    void mappingOfResolutionsToGithub() {
        assertThat(Senders.githubResolution("REVOKED")).isEqualTo("revoked");
        assertThat(Senders.githubResolution("FALSE_POSITIVE")).isEqualTo("false_positive");
        assertThat(Senders.githubResolution("TEST_CREDENTIAL")).isEqualTo("used_in_tests");
        assertThat(Senders.githubResolution("ACCEPTED_RISK")).isEqualTo("wont_fix");
        assertThat(Senders.githubResolution("NEVER_LIVE")).isEqualTo("revoked");
    }
}
