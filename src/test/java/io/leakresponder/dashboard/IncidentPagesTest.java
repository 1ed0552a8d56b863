package io.leakresponder.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.leakresponder.incident.IncidentQueries;
import io.leakresponder.incident.IncidentSearch;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Fixtures;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentPagesTest {

    private static final Pattern ROW = Pattern.compile("data-incident=\"([0-9a-f-]{36})\"");

    IncidentScenario scenario;
    UiClient viewer;
    final StringBuilder seen = new StringBuilder();

    @BeforeEach
    void open() {
        scenario = IncidentScenario.open();
        viewer = UiClient.signInAs("viewer");
    }

    @AfterEach
    void theSecretsAppearNowhere() {
        for (String secret : Fixtures.SECRETS) {
            assertThat(seen.toString()).doesNotContain(secret);
        }
        assertThat(seen.toString()).doesNotContain(IncidentScenario.URL_PASSWORD);
        assertThat(Logs.all()).doesNotContain(Fixtures.AUTH_TOKEN);
    }

    /** GETs a page or fragment as the viewer, remembering its HTML for the secret check. */
    String page(String path, int status) {
        Response r = viewer.request().get(path);
        seen.append(r.asString());
        r.then().statusCode(status).contentType(startsWith("text/html"));
        return r.asString();
    }

    String fragment(UiClient who, String path) {
        Response r = who.request().header("HX-Request", "true").get(path);
        seen.append(r.asString());
        r.then().statusCode(200).contentType(startsWith("text/html"));
        return r.asString();
    }

    static List<String> rows(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void theListShowsEveryIncidentMostSevereFirstWithCounts() {
        String html = page("/ui/incidents", 200);
        assertThat(rows(html)).containsExactly(scenario.live(), scenario.key(), scenario.closed());
        assertThat(html).contains("<title>Incidents").contains("id=\"incident-filters\"")
                .contains("href=\"/ui/incidents/" + scenario.live() + "\"")
                .contains("<strong id=\"total\">3</strong>")
                .contains(">OPEN 1</a>").contains(">ACKNOWLEDGED 1</a>").contains(">CLOSED 1</a>")
                .contains(">CONTAINED 0</a>")
                .contains("badge CRITICAL").contains("badge LIVE").contains("badge NOT_LIVE")
                .contains("badge INDETERMINATE").contains("alice").contains("…cdef")
                // the filter form works without JavaScript and is enhanced by htmx
                .contains("method=\"get\" action=\"/ui/incidents\"").contains("hx-get=\"/ui/incidents\"")
                .contains("hx-push-url=\"true\"").contains("<option value=\"alice\"")
                .doesNotContain("style=\"").doesNotContain("<script>");
    }

    @Test
    void filtersNarrowTheListInTheDatabase() {
        assertThat(rows(page("/ui/incidents?state=ACKNOWLEDGED", 200))).containsExactly(scenario.live());
        assertThat(rows(page("/ui/incidents?state=closed", 200))).containsExactly(scenario.closed());
        assertThat(rows(page("/ui/incidents?state=NOT_CLOSED", 200)))
                .containsExactly(scenario.live(), scenario.key());
        assertThat(rows(page("/ui/incidents?severity=HIGH", 200))).containsExactly(scenario.key());
        assertThat(rows(page("/ui/incidents?liveness=LIVE", 200))).containsExactly(scenario.live());
        assertThat(rows(page("/ui/incidents?liveness=NOT_LIVE", 200))).containsExactly(scenario.closed());
        assertThat(rows(page("/ui/incidents?liveness=INDETERMINATE", 200))).containsExactly(scenario.key());
        assertThat(rows(page("/ui/incidents?liveness=UNCHECKED", 200))).isEmpty();
        assertThat(rows(page("/ui/incidents?assignee=alice", 200))).containsExactly(scenario.live());
        assertThat(rows(page("/ui/incidents?assignee=-", 200))).containsExactly(scenario.key());
        assertThat(rows(page("/ui/incidents?assignee=nobody-by-that-name", 200))).isEmpty();
        assertThat(rows(page("/ui/incidents?breach=yes", 200))).containsExactly(scenario.key());
        assertThat(rows(page("/ui/incidents?breach=no", 200))).containsExactly(scenario.live(), scenario.closed());
        // Filters combine, and the per-state counts follow every filter but the state.
        String both = page("/ui/incidents?state=OPEN&breach=yes&severity=HIGH", 200);
        assertThat(rows(both)).containsExactly(scenario.key());
        assertThat(both).contains("<strong id=\"total\">1</strong>").contains(">OPEN 1</a>")
                .contains(">ACKNOWLEDGED 0</a>").contains("<option value=\"HIGH\" selected>")
                .contains("<option value=\"yes\" selected>");
        String byState = page("/ui/incidents?breach=no&state=CLOSED", 200);
        assertThat(byState).contains("<strong id=\"total\">1</strong>").contains(">ACKNOWLEDGED 1</a>")
                .contains(">OPEN 0</a>");
    }

    @Test
    void theListSortsBySeverityOrAgeBothWays() {
        assertThat(rows(page("/ui/incidents?sort=severity&dir=desc", 200)))
                .containsExactly(scenario.live(), scenario.key(), scenario.closed());
        assertThat(rows(page("/ui/incidents?sort=severity&dir=asc", 200)))
                .containsExactly(scenario.closed(), scenario.key(), scenario.live());
        // The API key's incident opened two days before the others: oldest first puts it first.
        assertThat(rows(page("/ui/incidents?sort=age&dir=desc", 200)).get(0)).isEqualTo(scenario.key());
        List<String> newestFirst = rows(page("/ui/incidents?sort=age&dir=asc", 200));
        assertThat(newestFirst).hasSize(3);
        assertThat(newestFirst.get(2)).isEqualTo(scenario.key());
        // Column headers turn the order around and keep the filters.
        assertThat(page("/ui/incidents?state=NOT_CLOSED", 200))
                .contains("href=\"/ui/incidents?state=NOT_CLOSED&amp;dir=asc\"")
                .contains("href=\"/ui/incidents?state=NOT_CLOSED&amp;sort=age\"");
    }

    @Test
    void pagesSplitTheListAndKeepTheFilters() {
        String first = page("/ui/incidents?size=5&sort=age&dir=desc", 200);
        assertThat(rows(first)).hasSize(3).first().isEqualTo(scenario.key());
        assertThat(first).doesNotContain("rel=\"next\"");
        // Five is the smallest page; ask the service for a smaller one directly to see paging.
        IncidentQueries queries = Arc.container().instance(IncidentQueries.class).get();
        IncidentSearch search = IncidentFilters.parse("", "", "", "", "", "age", "desc", "2", "5").toSearch();
        assertThat(queries.search(search).rows()).isEmpty();
        IncidentSearch.Result second = queries.search(new IncidentSearch(Set.of(), null, null, null, false, null,
                IncidentSearch.Order.AGE, true, 1, 2));
        assertThat(second.total()).isEqualTo(3);
        assertThat(second.pages()).isEqualTo(2);
        assertThat(second.rows()).hasSize(1);
        assertThat(second.hasNext()).isFalse();
        String beyond = page("/ui/incidents?page=2&size=5&state=OPEN", 200);
        assertThat(rows(beyond)).isEmpty();
        assertThat(beyond).contains("No incident matches");
    }

    @Test
    void htmxRequestsGetOnlyTheRowsFragment() {
        String rows = fragment(viewer, "/ui/incidents?severity=CRITICAL");
        assertThat(rows).doesNotContain("<html").doesNotContain("<form").doesNotContain("<nav aria-label=\"Main\"")
                .contains("<section id=\"incident-rows\"").contains("hx-swap-oob=\"true\"");
        assertThat(rows(rows)).containsExactly(scenario.live());
    }

    @Test
    void unknownFilterValuesAre400NamingTheField() {
        assertThat(page("/ui/incidents?severity=URGENT", 400)).contains("Invalid field")
                .contains("<code>severity</code>")
                .contains("CRITICAL, HIGH, MEDIUM, LOW, INFO");
        assertThat(page("/ui/incidents?state=DONE", 400)).contains("<code>state</code>");
        assertThat(page("/ui/incidents?liveness=MAYBE", 400)).contains("<code>liveness</code>");
        assertThat(page("/ui/incidents?breach=perhaps", 400)).contains("<code>breach</code>");
        assertThat(page("/ui/incidents?sort=name", 400)).contains("<code>sort</code>");
        assertThat(page("/ui/incidents?dir=up", 400)).contains("<code>dir</code>");
        assertThat(page("/ui/incidents?page=0", 400)).contains("<code>page</code>");
        assertThat(page("/ui/incidents?page=two", 400)).contains("<code>page</code>");
        assertThat(page("/ui/incidents?assignee=" + "x".repeat(201), 400)).contains("<code>assignee</code>");
        // From the htmx-enhanced form, the message goes to the page's flash area.
        Response r = viewer.request().header("HX-Request", "true").get("/ui/incidents?severity=URGENT");
        seen.append(r.asString());
        r.then().statusCode(400).header("HX-Retarget", "#flash").body(containsString("severity"));
    }

    @Test
    void theIncidentPageShowsTheResponseButNeverTheSecret() {
        String html = page("/ui/incidents/" + scenario.live(), 200);
        assertThat(html)
                .contains("Twilio Auth Token …cdef of " + Fixtures.ACCOUNT_SID)
                .contains("badge CRITICAL").contains("id=\"incident-state\">ACKNOWLEDGED")
                .contains("<dd id=\"assignee\">alice</dd>")
                .contains("Acknowledge by").contains("Contain by")
                // credential by hint only
                .contains("<code>…cdef</code>").contains("<code>" + Fixtures.ACCOUNT_SID + "</code>")
                .contains("AUTH_TOKEN")
                // liveness: verdict and history
                .contains("<span class=\"badge LIVE\" id=\"verdict\">LIVE</span>").contains("id=\"check-history\"")
                .contains("INGEST").contains("scheduler")
                // links to the other workflows
                .contains("href=\"/ui/incidents/" + scenario.live() + "/rotation\"")
                .contains("href=\"/ui/incidents/" + scenario.live() + "/usage\"")
                // audit trail and its verification
                .contains("Hash chain verified").contains("opened").contains("acknowledged")
                .doesNotContain("style=\"").doesNotContain("<script>");
        // Occurrences grouped by repository, with links to the file and line where the host allows.
        assertThat(html)
                .contains("href=\"https://github.com/acme/billing/blob/9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233"
                        + "/app/settings.py#L14\"")
                .contains("href=\"https://gitlab.com/acme/ops/-/blob/3333333333333333333333333333333333333333"
                        + "/ops/notify%20me.rb#L3\"")
                .contains(">https://github.com/acme/billing</a>")
                // user info of a repository URL is dropped; a non-http "repository" is text, escaped
                .contains(
                        "href=\"https://github.com/acme/leaky/blob/5555555555555555555555555555555555555555/deploy/env#L9\"")
                .doesNotContain("href=\"javascript:")
                .contains("javascript:alert(document.cookie)//&lt;b&gt;repo&lt;/b&gt;")
                .contains("&lt;script&gt;alert(&#39;file&#39;)&lt;/script&gt;.js").doesNotContain("<script>alert");
        assertThat(html.indexOf("acme/billing")).isPositive();
        // The exposure window as an inline SVG: milestones and one tick per commit date.
        assertThat(html).contains("<svg class=\"timeline\"").contains("First exposure").contains("Detected · opened")
                .contains("Acknowledged").contains(">Now</text>").contains("class=\"window-band\"")
                .contains("Commit on 2023-06-22 23:33 UTC");
        assertThat(html.split("class=\"commit\"", -1)).hasSize(5);
        assertThat(html).contains("<dt>First exposure</dt><dd>2023-06-22 23:33 UTC</dd>");

        // The closed one: contained and closed on its timeline, and its secret value destroyed.
        String closed = page("/ui/incidents/" + scenario.closed(), 200);
        assertThat(closed).contains(">Contained</text>").contains(">Closed</text>").contains("FALSE_POSITIVE")
                .contains("test account, rotated").contains("…3210")
                .contains("NOT_LIVE").contains("<dd>no</dd>");
    }

    @Test
    void aChangedAuditTrailShowsWhereTheChainBreaks() {
        Db.exec("ALTER TABLE incident_event DISABLE TRIGGER incident_event_no_update");
        try {
            Db.exec("UPDATE incident_event SET actor = 'mallory' WHERE seq = 2 AND incident_id = '"
                    + scenario.live() + "'");
        } finally {
            Db.exec("ALTER TABLE incident_event ENABLE TRIGGER incident_event_no_update");
        }
        assertThat(page("/ui/incidents/" + scenario.live(), 200))
                .contains("Hash chain broken at event 2: event content was changed");
    }

    @Test
    void theLivenessPanelPollsWhileACheckWaitsAndStopsWhenDone() {
        String credential = scenario.credentialOf(scenario.live());
        String idle = fragment(viewer, "/ui/incidents/" + scenario.live() + "/liveness");
        assertThat(idle).contains("<section id=\"liveness\"").doesNotContain("every 2s").doesNotContain("<html")
                .doesNotContain("id=\"check-now\""); // viewers do not get the button
        // A check waits in the queue (due in an hour, so it stays there while we look).
        Db.exec("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version) VALUES "
                + "('liveness-check', 'ingest:" + credential + "', now() + interval '1 hour', false, 1)");
        try {
            String waiting = page("/ui/incidents/" + scenario.live(), 200);
            assertThat(waiting)
                    .contains("hx-get=\"/ui/incidents/" + scenario.live() + "/liveness\" hx-trigger=\"every 2s\"")
                    .contains("id=\"check-pending\"");
            assertThat(fragment(viewer, "/ui/incidents/" + scenario.live() + "/liveness")).contains("every 2s");
        } finally {
            Db.exec("DELETE FROM scheduled_tasks WHERE task_instance = 'ingest:" + credential + "'");
        }
        assertThat(fragment(viewer, "/ui/incidents/" + scenario.live() + "/liveness")).doesNotContain("every 2s")
                .doesNotContain("check-pending");
    }

    @Test
    void aResponderChecksLivenessFromThePage() {
        UiClient responder = UiClient.signInAs("responder");
        String page = responder.request().get("/ui/incidents/" + scenario.live()).asString();
        seen.append(page);
        assertThat(page).contains("id=\"check-now\"")
                .contains("hx-post=\"/ui/incidents/" + scenario.live() + "/liveness\"")
                .contains("name=\"_csrf\" value=\"" + responder.csrf + "\"");
        long before = manualChecks();
        Response checked = responder.htmx().post("/ui/incidents/" + scenario.live() + "/liveness");
        seen.append(checked.asString());
        checked.then().statusCode(200).contentType(startsWith("text/html"));
        assertThat(checked.asString()).contains("<section id=\"liveness\"").doesNotContain("<html")
                .contains("Checked just now: LIVE").contains("MANUAL").contains("user:" + responder.username);
        assertThat(manualChecks()).isEqualTo(before + 1);
        assertThat(
                Db.string("SELECT actor FROM liveness_check WHERE trigger = 'MANUAL' ORDER BY checked_at DESC LIMIT 1"))
                .isEqualTo("user:" + responder.username);
        // The same form without JavaScript: a plain POST with the token in the form goes back to the page.
        responder.form().post("/ui/incidents/" + scenario.live() + "/liveness").then().statusCode(303)
                .header("Location", containsString("/ui/incidents/" + scenario.live()));
        assertThat(manualChecks()).isEqualTo(before + 2);
    }

    @Test
    void aViewerMayReadButNotCheck() {
        page("/ui/incidents/" + scenario.live(), 200);
        long before = manualChecks();
        Response refused = viewer.htmx().post("/ui/incidents/" + scenario.live() + "/liveness");
        seen.append(refused.asString());
        refused.then().statusCode(403).contentType(startsWith("text/html"));
        Response plain = viewer.form().post("/ui/incidents/" + scenario.live() + "/liveness");
        seen.append(plain.asString());
        plain.then().statusCode(403).contentType(startsWith("text/html")).body(containsString("Forbidden"));
        assertThat(manualChecks()).isEqualTo(before);
    }

    @Test
    void theCheckWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        UiClient responder = UiClient.signInAs("responder");
        long before = manualChecks();
        long events = Db.count("SELECT count(*) FROM incident_event");
        Response r = responder.request().header("HX-Request", "true")
                .post("/ui/incidents/" + scenario.live() + "/liveness");
        seen.append(r.asString());
        r.then().statusCode(403).body(containsString("CSRF"));
        Response wrong = responder.request().formParam("_csrf", "not-the-token")
                .post("/ui/incidents/" + scenario.live() + "/liveness");
        seen.append(wrong.asString());
        wrong.then().statusCode(403);
        assertThat(manualChecks()).isEqualTo(before);
        assertThat(Db.count("SELECT count(*) FROM incident_event")).isEqualTo(events);
    }

    @Test
    void anonymousPeopleAreSentToSignIn() {
        long before = manualChecks();
        for (String path : List.of("/ui/incidents", "/ui/incidents?state=OPEN", "/ui/incidents/" + scenario.live(),
                "/ui/incidents/" + scenario.live() + "/liveness")) {
            Response r = given().redirects().follow(false).get(path);
            seen.append(r.asString());
            r.then().statusCode(303).header("Location", startsWith("/ui/login?next="));
        }
        Response post = given().redirects().follow(false)
                .post("/ui/incidents/" + scenario.live() + "/liveness");
        seen.append(post.asString());
        post.then().statusCode(303).header("Location", startsWith("/ui/login"));
        assertThat(manualChecks()).isEqualTo(before);
    }

    @Test
    void unknownOrMalformedIdsAreHtmlErrors() {
        assertThat(page("/ui/incidents/" + UUID.randomUUID(), 404)).contains("Not found").contains("does not exist");
        assertThat(page("/ui/incidents/not-an-id", 400)).contains("<code>id</code>");
        assertThat(page("/ui/incidents/not-an-id/liveness", 400)).contains("<code>id</code>");
        Response r = UiClient.signInAs("responder").htmx().post("/ui/incidents/" + UUID.randomUUID() + "/liveness");
        seen.append(r.asString());
        r.then().statusCode(404).header("HX-Retarget", equalTo("#flash"));
    }

    static long manualChecks() {
        return Db.count("SELECT count(*) FROM liveness_check WHERE trigger = 'MANUAL'");
    }
}
