package io.leakresponder.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.leakresponder.testsupport.Api.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Incidents;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import io.leakresponder.testsupport.UiClient;
import io.leakresponder.usage.RemediatedIncident;
import io.leakresponder.usage.UsageTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage audit page: not started, pulling and done; charts of the fixture's days and countries; start, progress
 * and review through the dashboard session; exports; roles, CSRF and bad input; the raw secret appears nowhere.
 */
@QuarkusTest
@TestProfile(UsageTestProfile.class)
class UsagePagesTest {

    static final String AC = "AC5555666677778888999900001111aaaa";
    static final String LEAKED = "5555666677778888999900001111bbbb";
    static final String ADMIN = "cccc5555666677778888999900001111";

    /** Every page, fragment and export a test saw; none may hold a secret. */
    final List<String> seen = new ArrayList<>();
    Instant now;
    Instant windowStart;

    @BeforeEach
    void reset() throws InterruptedException {
        Db.drainJobs("('usage-pull')");
        Db.reset();
        UiClient.signInAs("admin"); // an admin exists, so sign-in is open (otherwise /ui/login sends to set-up)
        TwilioDouble.shared().reset();
        // The usage audit reads with the registered admin token.
        TwilioDouble.shared().emptyByDefault(TwilioDouble.Access.own(AC, AC, ADMIN));
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        windowStart = now.minus(Duration.ofDays(3));
    }

    // ---- fixture ----

    /** An incident of a leaked Auth Token, contained (NOT_LIVE) and remediated, with an admin credential. */
    static String remediatedIncident() {
        String id = RemediatedIncident.open(AC, LEAKED);
        TwilioDouble.shared().liveAccount(AC, ADMIN, "Prod");
        Incidents.registerAdminToken(AC, ADMIN);
        return id;
    }

    /**
     * Twilio's side: 12 messages to Nigeria and 3 to the US in the window, 8 to the US in the baseline; spend 1.00
     * a day in the baseline, 20.00 a day in the window. Each pull keeps only the rows of its own range.
     */
    void serveTraffic(int messagesDelayMs) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(TwilioFixtures.message(TwilioFixtures.sid("SM", i + 1), AC, "+12025550100",
                    "+23480312" + String.format("%04d", i), "outbound-api", windowStart.plusSeconds(3600 + i * 60L),
                    "-0.05", 1, null));
        }
        for (int i = 0; i < 3; i++) {
            messages.add(TwilioFixtures.message(TwilioFixtures.sid("SM", 100 + i), AC, "+12025550100",
                    "+1202555" + String.format("%04d", i), "outbound-api", windowStart.plusSeconds(7200 + i * 60L),
                    "-0.0079", 1, null));
        }
        for (int i = 0; i < 8; i++) {
            messages.add(TwilioFixtures.message(TwilioFixtures.sid("SM", 200 + i), AC, "+12025550100",
                    "+1202555" + String.format("%04d", 10 + i), "outbound-api",
                    windowStart.minus(Duration.ofDays(1)).plusSeconds(i * 60L), "-0.0079", 1, null));
        }
        // One page for both pulls (window and baseline), slow when the test wants to see them running.
        TwilioDouble.shared().stubFor(get(urlPathEqualTo(TwilioDouble.messagesPath(AC))).atPriority(1)
                .withBasicAuth(AC, ADMIN)
                .willReturn(TwilioDouble.json(200, TwilioFixtures.page2010("messages", TwilioDouble.messagesPath(AC),
                        messages, 0, null)).withFixedDelay(messagesDelayMs)));
        List<String> usage = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(windowStart, ZoneOffset.UTC);
        for (LocalDate d = first.minusDays(3); !d.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC)); d = d
                .plusDays(1)) {
            usage.add(TwilioFixtures.usage(AC, "totalprice", d, d.isBefore(first) ? "1.00" : "20.00"));
        }
        TwilioDouble.shared().serve("usage_records", TwilioDouble.usagePath(AC), false, usage, 1000, "U", Map.of(),
                TwilioDouble.Access.own(AC, AC, ADMIN));
    }

    String keep(String body) {
        seen.add(body);
        return body;
    }

    /** Keeps the answer's body for the secret checks and returns it, once its status is checked. */
    String keep(Response answer, int status) {
        return keep(answer.then().statusCode(status).extract().asString());
    }

    void assertNoSecretSeen() {
        for (String body : seen) {
            assertThat(body).doesNotContain(LEAKED).doesNotContain(ADMIN).doesNotContain(TwilioFixtures.BODY_MARKER);
        }
        assertThat(Logs.all()).doesNotContain(LEAKED).doesNotContain(ADMIN);
    }

    static String withoutGeneratedAt(String md) {
        return md.lines().filter(l -> !l.contains("Report generated")).reduce("", (a, b) -> a + b + "\n");
    }

    static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The {@code <svg>} element with this id. */
    static String svg(String html, String id) {
        int start = html.indexOf("<svg id=\"" + id + "\"");
        assertThat(start).as("chart " + id).isGreaterThanOrEqualTo(0);
        return html.substring(start, html.indexOf("</svg>", start) + 6);
    }

    String startAudit(UiClient responder, String id) {
        return keep(responder.htmx().formParam("windowStart", windowStart.toString())
                .formParam("reason", "first commit of the file").formParam("includeSubaccounts", "false")
                .post("/ui/incidents/" + id + "/usage").then().statusCode(200).extract().asString());
    }

    String awaitDone(UiClient viewer, String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> !viewer.request()
                .get("/ui/incidents/" + id + "/usage/progress").asString().contains("hx-trigger"));
        return keep(viewer.request().get("/ui/incidents/" + id + "/usage"), 200);
    }

    // ---- tests ----

    @Test
    void notStartedAuditShowsItsStateAndOnlyRespondersGetTheStartForm() {
        String id = remediatedIncident();
        UiClient viewer = UiClient.signInAs("viewer");
        UiClient responder = UiClient.signInAs("responder");

        String page = keep(viewer.request().get("/ui/incidents/" + id + "/usage").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("style-src 'self'"))
                .extract().asString());
        assertThat(page).contains("id=\"usage-audit\"").contains("Not started.").doesNotContain("name=\"windowStart\"")
                .doesNotContain("hx-trigger").doesNotContain("style=");
        String mine = keep(responder.request().get("/ui/incidents/" + id + "/usage"), 200);
        assertThat(mine).contains("name=\"windowStart\"").contains("name=\"_csrf\" value=\"" + responder.csrf + "\"")
                .contains("hx-post=\"/ui/incidents/" + id + "/usage\"");
        keep(viewer.request().get("/ui/incidents/" + id + "/usage/progress"), 200);
        // No audit yet: nothing to export.
        viewer.request().get("/ui/incidents/" + id + "/usage/summary.md").then().statusCode(404);
        // Anonymous: sign in first.
        UiClient.anonymous().get("/ui/incidents/" + id + "/usage").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.startsWith("/ui/login"));
        UiClient.anonymous().get("/ui/incidents/" + id + "/usage/export/messages.csv").then().statusCode(303);
        assertNoSecretSeen();
    }

    @Test
    void startPollReadChartsExportAndReview() {
        String id = remediatedIncident();
        serveTraffic(2500);
        UiClient viewer = UiClient.signInAs("viewer");
        UiClient responder = UiClient.signInAs("responder");

        String started = startAudit(responder, id);
        assertThat(started).contains("id=\"usage-audit\"").contains("Usage audit started")
                .doesNotContain("<html"); // a fragment, not the page
        // While the slow messages pull runs, the section polls every 2s and says what it is doing.
        String running = keep(viewer.request().get("/ui/incidents/" + id + "/usage"), 200);
        assertThat(running).contains("hx-get=\"/ui/incidents/" + id + "/usage/progress\"")
                .contains("hx-trigger=\"every 2s\"").contains("Pulling from Twilio").contains("(provisional)")
                .doesNotContain("id=\"usage-review\"");
        String fragment = keep(viewer.request().get("/ui/incidents/" + id + "/usage/progress"), 200);
        assertThat(fragment).startsWith("<section id=\"usage-audit\"").doesNotContain("<html");

        String done = awaitDone(viewer, id);
        assertThat(done).doesNotContain("hx-trigger").contains("Done:").contains("SUSPICIOUS")
                .contains("NEW_DESTINATION_COUNTRY").contains("first commit of the file");
        // Viewers read everything but get no buttons.
        assertThat(done).doesNotContain("id=\"usage-review\"").doesNotContain("name=\"windowStart\"");

        // Daily spend: one bar per day, baseline days then window days, amounts in the records' currency.
        String spend = svg(done, "chart-daily-spend");
        List<String> bars = all(Pattern.compile("<rect class=\"bar (window|baseline)\""), spend);
        LocalDate first = LocalDate.ofInstant(windowStart, ZoneOffset.UTC);
        long windowDays = ChronoUnit.DAYS.between(first, LocalDate.ofInstant(now, ZoneOffset.UTC)) + 1;
        // The baseline is as long as the window (a little over 3 days): it touches 4 calendar days, or 3 when it
        // happens to start just after midnight UTC.
        long baselineDays = bars.stream().filter("baseline"::equals).count();
        assertThat(baselineDays).isBetween(3L, 4L);
        assertThat(bars).hasSize((int) (windowDays + baselineDays)).startsWith("baseline", "baseline", "baseline")
                .endsWith("window");
        assertThat(bars.subList(0, (int) baselineDays)).containsOnly("baseline");
        assertThat(bars.stream().filter("window"::equals).count()).isEqualTo(windowDays);
        assertThat(spend).contains(">" + first.toString().substring(5) + "</text>").contains(">USD</text>")
                .contains("<title>" + first + " (window): 20.00 USD</title>")
                .contains("<title>" + first.minusDays(1) + " (baseline): 1.00 USD</title>")
                .doesNotContain("style=");
        // Countries: Nigeria only in the window, the US in both.
        String countries = svg(done, "chart-countries");
        assertThat(all(Pattern.compile("<text class=\"label\"[^>]*>([^<]*)</text>"), countries))
                .containsExactly("NG", "US");
        assertThat(countries).contains("<title>NG (new in the window): 12 messages in the window</title>")
                .contains("<title>NG: 0 messages in the baseline</title>")
                .contains("<title>US: 3 messages in the window</title>")
                .contains("<title>US: 8 messages in the baseline</title>");
        assertThat(done).contains("<td>NG (new in the window)</td><td>12</td><td>0</td>"); // the hidden data table

        // Exports from the browser session, the same as the API's.
        Response csv = viewer.request().get("/ui/incidents/" + id + "/usage/export/messages.csv?period=WINDOW"
                + "&direction=outbound&country=NG");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("usage-messages-" + id + ".csv");
        assertThat(keep(csv.asString()).lines()).hasSize(13);
        assertThat(csv.asString()).isEqualTo(asAdmin().get("/api/v1/incidents/" + id + "/usage-audit/export/"
                + "messages.csv?period=WINDOW&direction=outbound&country=NG").asString());
        // The signal's evidence link is such an export.
        Matcher link = Pattern.compile("href=\"(/ui/incidents/[^\"]*/usage/export/messages\\.csv\\?[^\"]*)\"")
                .matcher(done);
        assertThat(link.find()).isTrue();
        String href = link.group(1).replace("&amp;", "&");
        assertThat(keep(viewer.request().urlEncodingEnabled(false).get(href), 200)).contains(",NG,");
        for (String source : List.of("usage-records", "calls", "monitor-events", "monitor-alerts", "subaccounts")) {
            keep(viewer.request().get("/ui/incidents/" + id + "/usage/export/" + source + ".csv"), 200);
        }
        String md = keep(viewer.request().get("/ui/incidents/" + id + "/usage/summary.md").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/markdown")).extract().asString());
        String api = asAdmin().get("/api/v1/incidents/" + id + "/usage-audit/summary.md").asString();
        assertThat(md).contains("SUSPICIOUS"); // the same summary as the API's, but for the moment it was generated
        assertThat(withoutGeneratedAt(md)).isEqualTo(withoutGeneratedAt(api));
        viewer.request().get("/ui/incidents/" + id + "/usage/export/secrets.csv").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("<code>source</code>"));

        // Review: viewers may not; without the CSRF token nothing happens; the responder moves it to AUDITED.
        viewer.htmx().post("/ui/incidents/" + id + "/usage/review").then().statusCode(403);
        responder.request().header("HX-Request", "true").post("/ui/incidents/" + id + "/usage/review").then()
                .statusCode(403);
        assertThat(Db.string("SELECT state FROM incident WHERE id = '" + id + "'")).isEqualTo("REMEDIATED");
        String mine = keep(responder.request().get("/ui/incidents/" + id + "/usage").asString());
        assertThat(mine).contains("id=\"usage-review\"").contains("name=\"windowStart\"");
        String reviewed = keep(responder.htmx().post("/ui/incidents/" + id + "/usage/review"), 200);
        assertThat(reviewed).contains("Usage reviewed: the incident is AUDITED.").contains("Reviewed ")
                .doesNotContain("id=\"usage-review\"");
        assertThat(Db.string("SELECT state FROM incident WHERE id = '" + id + "'")).isEqualTo("AUDITED");
        // Reviewing twice is refused as the API refuses it, as an htmx error message.
        Response again = responder.htmx().post("/ui/incidents/" + id + "/usage/review");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.header("HX-Retarget")).isEqualTo("#flash");
        assertNoSecretSeen();
    }

    @Test
    void aPlainFormStartsTheAuditAndComesBackToThePage() {
        String id = remediatedIncident();
        serveTraffic(0);
        UiClient responder = UiClient.signInAs("responder");
        responder.form().formParam("windowStart", "").formParam("includeSubaccounts", "")
                .post("/ui/incidents/" + id + "/usage").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/ui/incidents/" + id + "/usage"));
        assertThat(Db.count("SELECT count(*) FROM usage_audit WHERE incident_id = '" + id + "'")).isEqualTo(1);
        // Default for an Auth Token: subaccounts included.
        assertThat(Db.count("SELECT count(*) FROM usage_pull WHERE source = 'SUBACCOUNTS'")).isEqualTo(1);
        String page = awaitDone(responder, id);
        assertThat(page).contains("id=\"chart-daily-spend\"").contains("id=\"chart-countries\"")
                .contains("Subaccounts (CSV)");
        assertNoSecretSeen();
    }

    @Test
    void rolesCsrfAndBadInputChangeNothing() {
        String id = remediatedIncident();
        UiClient viewer = UiClient.signInAs("viewer");
        UiClient responder = UiClient.signInAs("responder");
        String url = "/ui/incidents/" + id + "/usage";

        keep(viewer.htmx().formParam("windowStart", "").post(url), 403);
        viewer.form().post(url).then().statusCode(403);
        UiClient.anonymous().formParam("windowStart", "").post(url).then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.startsWith("/ui/login"));
        UiClient.anonymous().post(url + "/review").then().statusCode(303);
        // A responder without the CSRF token.
        keep(responder.request().formParam("windowStart", "").post(url), 403);
        responder.request().formParam("_csrf", "forged").post(url).then().statusCode(403);

        // Bad input: 400 naming the field.
        Response badStart = responder.htmx().formParam("windowStart", "yesterday").formParam("reason", "x").post(url);
        assertThat(badStart.statusCode()).isEqualTo(400);
        assertThat(keep(badStart.asString())).contains("<code>windowStart</code>");
        assertThat(badStart.header("HX-Retarget")).isEqualTo("#flash");
        assertThat(keep(responder.htmx().formParam("windowStart", windowStart.toString()).post(url), 400))
                .contains("<code>reason</code>");
        String later = now.plus(Duration.ofDays(400)).toString();
        assertThat(keep(responder.htmx().formParam("windowStart", later).formParam("reason", "later").post(url), 400))
                .contains("<code>windowStart</code>");
        assertThat(keep(responder.htmx().formParam("includeSubaccounts", "maybe").post(url), 400))
                .contains("<code>includeSubaccounts</code>");
        assertThat(keep(responder.form().formParam("useLeakedCredential", "sure").post(url), 400))
                .contains("<code>useLeakedCredential</code>").contains("<html");
        keep(responder.request().get("/ui/incidents/not-a-uuid/usage"), 400);
        responder.request().get("/ui/incidents/" + java.util.UUID.randomUUID() + "/usage").then().statusCode(404);

        assertThat(Db.count("SELECT count(*) FROM usage_audit")).isZero();
        assertThat(Db.count("SELECT count(*) FROM usage_audit_choice")).isZero();
        assertThat(Db.count("SELECT count(*) FROM incident_event WHERE action = 'usage_audit_started'")).isZero();
        assertNoSecretSeen();
    }
}
