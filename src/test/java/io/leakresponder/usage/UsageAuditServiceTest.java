package io.leakresponder.usage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.leakresponder.testsupport.TwilioDouble.ACCOUNTS_PATH;
import static io.leakresponder.testsupport.TwilioDouble.ALERTS_PATH;
import static io.leakresponder.testsupport.TwilioDouble.EVENTS_PATH;
import static io.leakresponder.testsupport.TwilioDouble.callsPath;
import static io.leakresponder.testsupport.TwilioDouble.messagesPath;
import static io.leakresponder.testsupport.TwilioDouble.usagePath;
import static io.leakresponder.testsupport.TwilioFixtures.BODY_MARKER;
import static io.leakresponder.testsupport.TwilioFixtures.dayAfter;
import static io.leakresponder.testsupport.TwilioFixtures.dayOf;
import static io.leakresponder.testsupport.TwilioFixtures.sid;
import static io.leakresponder.testsupport.TwilioFixtures.zoned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.Logs;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.usage.AuditReport.RowLink;
import io.leakresponder.usage.AuditReport.Signal;
import io.leakresponder.usage.AuditReport.SignalKind;
import io.leakresponder.usage.AuditReport.SourceProgress;
import io.leakresponder.usage.AuditReport.Verdict;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit end to end: the service starts pulls as durable jobs, the jobs read WireMock through twilio-java and
 * store into PostgreSQL, and the report reaches each verdict.
 */
@QuarkusTest
@TestProfile(UsageTestProfile.class)
class UsageAuditServiceTest {

    static final String AC = "AC0000000000000000000000000000aa01";
    static final String TOKEN = "f00dfeedf00dfeedf00dfeedf00d0001";
    static final String SUB = "AC0000000000000000000000000000bb02";
    static final String SUB_TOKEN = "5ub70ken5ub70ken5ub70ken5ub70ken";
    static final String KEY = "SK0000000000000000000000000000cc03";
    static final String KEY_SECRET = "KeySecretKeySecretKeySecret00003";
    static final String KNOWN_IP = "203.0.113.10";
    static final String UNKNOWN_IP = "198.51.100.23";

    @Inject
    UsageAuditService audits;

    @Inject
    DataSource dataSource;

    TwilioDouble fake;
    Instant now;
    Instant windowStart;
    Instant windowEnd;

    @BeforeEach
    void reset() throws InterruptedException {
        // Jobs of the previous test: let running ones end (their pulls are about to vanish), drop the waiting ones.
        Db.drainJobs("('usage-pull')");
        Db.reset();
        TwilioDouble.shared().reset();
        fake = TwilioDouble.shared();
        fake.emptyByDefault(TwilioDouble.Access.own(AC, AC, TOKEN), TwilioDouble.Access.own(AC, KEY, KEY_SECRET),
                TwilioDouble.Access.own(SUB, SUB, SUB_TOKEN), TwilioDouble.Access.parent(SUB, AC, TOKEN));
        TestUsageCredentials.BY_INCIDENT.clear();
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        windowStart = now.minus(Duration.ofDays(3));
        windowEnd = now.minus(Duration.ofDays(1));
    }

    // ---- helpers ----

    static UUID incident() {
        UUID credential = UUID.randomUUID();
        UUID incident = UUID.randomUUID();
        Db.exec("INSERT INTO credential (id, kind, fingerprint, account_sid, first_seen_at, exposure_start) VALUES ('"
                + credential + "', 'AUTH_TOKEN', 'fp-" + credential + "', '" + AC + "', now(), now())");
        Db.exec("INSERT INTO incident (id, credential_id, state, severity, title, opened_at, updated_at) VALUES ('"
                + incident + "', '" + credential + "', 'REMEDIATED', 'HIGH', 'usage audit test', now(), now())");
        return incident;
    }

    UUID start(UUID incident, TwilioAuth auth, boolean subaccounts) {
        if (auth != null) {
            TestUsageCredentials.BY_INCIDENT.put(incident, auth);
        }
        return audits.start(new UsageAuditRequest(incident, AC, windowStart, windowEnd,
                "exposure start from the first commit", null, subaccounts, "alice"));
    }

    AuditReport awaitFinished(UUID incident) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> audits.report(incident).progress().stream().allMatch(p -> p.status().finished()));
        return audits.report(incident);
    }

    /** A credential of the main account {@code AC} that may read the pages served. */
    static TwilioDouble.Access as(String user, String password) {
        return TwilioDouble.Access.own(AC, user, password);
    }

    Instant inWindow(long seconds) {
        return windowStart.plusSeconds(3600 + seconds);
    }

    Instant inBaseline(long seconds) {
        return windowStart.minus(Duration.ofDays(1)).plusSeconds(seconds);
    }

    List<String> messages(int n, int firstSid, String toPrefix, String direction,
            java.util.function.LongFunction<Instant> at) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(TwilioFixtures.message(sid("SM", firstSid + i), AC, "+12025550100",
                    toPrefix + String.format("%04d", i), direction, at.apply(i * 60L), "-0.00790", 1, null));
        }
        return items;
    }

    List<String> calls(int n, int firstSid, String toPrefix, java.util.function.LongFunction<Instant> at) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(TwilioFixtures.call(sid("CA", firstSid + i), AC, "+12025550100",
                    toPrefix + String.format("%04d", i),
                    "outbound-api", at.apply(i * 60L), 60, "-0.0140"));
        }
        return items;
    }

    void serveMessages(List<String> window, List<String> baseline, int perPage) {
        fake.serve("messages", messagesPath(AC), false, window, perPage, "MW",
                Map.of("DateSent<", dayAfter(windowEnd)), as(AC, TOKEN));
        fake.serve("messages", messagesPath(AC), false, baseline, perPage, "MB",
                Map.of("DateSent<", dayAfter(windowStart)), as(AC, TOKEN));
    }

    void serveCalls(List<String> window, List<String> baseline) {
        fake.serve("calls", callsPath(AC), false, window, 1000, "CW", Map.of("StartTime<", dayAfter(windowEnd)),
                as(AC, TOKEN));
        fake.serve("calls", callsPath(AC), false, baseline, 1000, "CB", Map.of("StartTime<", dayAfter(windowStart)),
                as(AC, TOKEN));
    }

    /** totalprice and sms for every day read: {@code baseline} a day before the window, {@code window} in it. */
    void serveUsage(String baseline, String window) {
        AuditWindow w = AuditWindow.of(windowStart, windowEnd, Duration.ofDays(30), false, now);
        List<String> items = new ArrayList<>();
        for (LocalDate d = w.firstDay(); !d.isAfter(w.lastDay()); d = d.plusDays(1)) {
            String price = w.periodOf(d) == UsagePeriod.BASELINE ? baseline : window;
            items.add(TwilioFixtures.usage(AC, "totalprice", d, price));
            items.add(TwilioFixtures.usage(AC, "sms", d, price));
        }
        fake.serve("usage_records", usagePath(AC), false, items, 4, "UR", Map.of(), as(AC, TOKEN));
    }

    String csv(UUID incident, UsageSource source, UsageExportFilter filter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        audits.exportCsv(incident, source, filter, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    UUID pullId(UsageSource source, UsagePeriod period) throws java.sql.SQLException {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "SELECT id FROM usage_pull WHERE source = ? AND period = ? AND account_sid = ?")) {
            ps.setString(1, source.name());
            ps.setString(2, period.name());
            ps.setString(3, AC);
            try (var r = ps.executeQuery()) {
                r.next();
                return r.getObject(1, UUID.class);
            }
        }
    }

    static SourceProgress progress(AuditReport r, UsageSource source, UsagePeriod period) {
        return r.progress().stream().filter(p -> p.source() == source && p.period() == period
                && p.accountSid().equals(AC)).findFirst().orElseThrow();
    }

    static void assertNothingSecretStored() {
        String dump = Db.dumpAllTables();
        assertThat(dump).doesNotContain(BODY_MARKER).doesNotContain(TOKEN).doesNotContain(SUB_TOKEN)
                .doesNotContain(KEY_SECRET).doesNotContain("hook-pass").doesNotContain("evil.example.com");
        assertThat(Logs.all()).doesNotContain(TOKEN).doesNotContain(SUB_TOKEN).doesNotContain(KEY_SECRET)
                .doesNotContain(BODY_MARKER);
    }

    // ---- verdicts ----

    @Test
    void aQuietWindowShowsNoSignOfMisuse() {
        serveMessages(messages(25, 1, "+1202555", "outbound-api", this::inWindow),
                messages(30, 100, "+1202555", "outbound-api", this::inBaseline), 10);
        serveCalls(calls(2, 1, "+1202555", this::inWindow), calls(3, 100, "+1202555", this::inBaseline));
        serveUsage("1.00", "1.10");
        fake.serve("events", EVENTS_PATH, true, List.of(
                TwilioFixtures.event(sid("AE", 1), AC, "user.logged-in", KNOWN_IP, inWindow(5), null)), 1000, "EV",
                Map.of("StartDate", zoned(windowStart), "EndDate", zoned(windowEnd)), as(AC, TOKEN));
        fake.serve("alerts", ALERTS_PATH, true, List.of(
                TwilioFixtures.alert(sid("NO", 1), AC, "30003", "error", inWindow(10)),
                TwilioFixtures.alert(sid("NO", 2), AC, "11200", "warning", inWindow(7200))), 1000, "AL", Map.of(),
                as(AC, TOKEN));
        UUID incident = incident();

        start(incident, TwilioAuth.authToken(AC, TOKEN), false);
        AuditReport r = awaitFinished(incident);

        assertThat(r.verdict()).as(r.signals() + " / " + r.missing()).isEqualTo(Verdict.NO_SIGN_OF_MISUSE);
        assertThat(r.missing()).isEmpty();
        assertThat(r.retentionGaps()).isEmpty();
        assertThat(r.counts().messagesWindow()).isEqualTo(25);
        assertThat(r.counts().messagesBaseline()).isEqualTo(30);
        assertThat(r.counts().callsWindow()).isEqualTo(2);
        assertThat(r.counts().monitorEvents()).isEqualTo(1);
        assertThat(r.counts().monitorAlerts()).isEqualTo(2);
        SourceProgress window = progress(r, UsageSource.MESSAGES, UsagePeriod.WINDOW);
        assertThat(window.status()).isEqualTo(PullStatus.DONE);
        assertThat(window.pages()).isEqualTo(3);
        assertThat(window.rowsStored()).isEqualTo(25);
        assertThat(r.window().reason()).isEqualTo("exposure start from the first commit");
        assertThat(r.window().baselineStart()).isEqualTo(windowStart.minus(Duration.ofDays(2)));
        assertThat(r.spend()).first().satisfies(l -> assertThat(l.category()).isEqualTo("totalprice"));
        assertThat(r.messagesByCountry()).singleElement().satisfies(c -> {
            assertThat(c.country()).isEqualTo("US");
            assertThat(c.window()).isEqualTo(25);
            assertThat(c.baseline()).isEqualTo(30);
        });
        // Twilio was asked for PageSize 1000 and the window, the Monitor dates in UTC.
        TwilioDouble.shared().server().verify(getRequestedFor(urlPathEqualTo(messagesPath(AC)))
                .withQueryParam("PageSize", equalTo("1000")).withQueryParam("DateSent>", equalTo(dayOf(windowStart)))
                .withQueryParam("PageToken", absent()));
        TwilioDouble.shared().server().verify(getRequestedFor(urlPathEqualTo(EVENTS_PATH))
                .withQueryParam("StartDate", equalTo(zoned(windowStart))));

        String csv = csv(incident, UsageSource.MESSAGES, UsageExportFilter.of(Map.of("period", "WINDOW")));
        assertThat(csv.lines()).hasSize(26).first().isEqualTo("sid,account_sid,period,direction,from_number,"
                + "to_number,to_country,status,num_segments,price,price_unit,error_code,date_sent");
        assertThat(csv).contains(sid("SM", 1) + "," + AC + ",WINDOW,outbound-api,+12025550100,+12025550000,US,"
                + "delivered,1,-0.00790,USD,,").doesNotContain(BODY_MARKER);
        assertThat(csv(incident, UsageSource.MONITOR_ALERTS, UsageExportFilter.none()))
                .contains("https://hooks.example.com/sms").doesNotContain("hook-pass").doesNotContain("token=abc");
        String md = audits.markdownSummary(incident);
        assertThat(md).contains("**Verdict: NO_SIGN_OF_MISUSE**").contains("| Messages | 25 | 30 |")
                .doesNotContain(BODY_MARKER);

        UsageAuditService.ReviewResult review = audits.markReviewed(incident, "bob");
        assertThat(review.reviewed()).isTrue();
        assertThat(audits.report(incident).review().by()).isEqualTo("bob");
        assertNothingSecretStored();
    }

    @Test
    void misuseRaisesEachSignalWithLinksToItsRows() {
        serveMessages(messages(60, 1, "+23480312", "outbound-api", this::inWindow),
                messages(20, 100, "+1202555", "outbound-api", this::inBaseline), 1000);
        serveCalls(calls(3, 1, "+8821612", this::inWindow), calls(2, 100, "+1202555", this::inBaseline));
        serveUsage("1.00", "20.00");
        fake.serve("events", EVENTS_PATH, true, List.of(
                TwilioFixtures.event(sid("AE", 1), AC, "api-key.created", UNKNOWN_IP, inWindow(5), null),
                TwilioFixtures.event(sid("AE", 2), AC, "phone-number.updated", UNKNOWN_IP, inWindow(9),
                        "{\"updated\":{\"sms_url\":\"https://evil.example.com/hook?token=x\"},\"previous\":"
                                + "{\"sms_url\":\"https://ok.example.com/hook\"}}"),
                TwilioFixtures.event(sid("AE", 3), AC, "user.logged-in", KNOWN_IP, inWindow(1), null)), 2, "EV",
                Map.of(), as(AC, TOKEN));
        List<String> alerts = new ArrayList<>();
        Instant hour = windowStart.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 15; i++) {
            alerts.add(TwilioFixtures.alert(sid("NO", i + 1), AC, "30007", "error", hour.plusSeconds(i)));
        }
        fake.serve("alerts", ALERTS_PATH, true, alerts, 1000, "AL", Map.of(), as(AC, TOKEN));
        fake.serve("accounts", ACCOUNTS_PATH, false, List.of(
                TwilioFixtures.listedAccount(AC, AC, "Main", windowStart.minus(Duration.ofDays(400)), TOKEN),
                TwilioFixtures.listedAccount(SUB, AC, "pump", inWindow(30), SUB_TOKEN)), 1000, "AC", Map.of(),
                as(AC, TOKEN));
        // The main account's token reads the subaccount, with its own auth token (the Account resource).
        TwilioDouble.shared().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + SUB + ".json")).atPriority(1)
                .withBasicAuth(AC, TOKEN).willReturn(TwilioDouble.json(200,
                        TwilioFixtures.listedAccount(SUB, AC, "pump", inWindow(30), SUB_TOKEN))));
        UUID incident = incident();

        start(incident, TwilioAuth.authToken(AC, TOKEN), true);
        AuditReport r = awaitFinished(incident);

        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(r.signals()).extracting(Signal::kind).contains(SignalKind.SPEND_INCREASE,
                SignalKind.NEW_DESTINATION_COUNTRY, SignalKind.HIGH_RISK_PREFIX, SignalKind.UNKNOWN_SOURCE_IP,
                SignalKind.API_KEY_CREATED, SignalKind.WEBHOOK_CHANGED, SignalKind.SUBACCOUNT_CREATED,
                SignalKind.ALERT_ERROR_SPIKE);
        assertThat(r.signals().get(0).severity()).isEqualTo(AuditReport.Severity.HIGH);
        // The subaccount was listed and pulled too; its auth token was dropped unread.
        assertThat(r.accounts()).extracting(AuditReport.AccountInfo::sid).containsExactly(AC, SUB);
        assertThat(r.progress()).filteredOn(p -> p.accountSid().equals(SUB)).hasSize(7)
                .allMatch(p -> p.status() == PullStatus.DONE);
        // Monitor reads the subaccount as the subaccount itself, never as sub:mainToken.
        TwilioDouble.shared().server().verify(getRequestedFor(urlPathEqualTo(EVENTS_PATH)).withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials(SUB, SUB_TOKEN)));
        TwilioDouble.shared().server().verify(0, getRequestedFor(urlPathEqualTo(EVENTS_PATH)).withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials(SUB, TOKEN)));

        Signal nigeria = r.signals().stream().filter(s -> s.kind() == SignalKind.NEW_DESTINATION_COUNTRY
                && s.title().contains("messages")).findFirst().orElseThrow();
        RowLink link = nigeria.rows().get(0);
        assertThat(link.count()).isEqualTo(60);
        assertThat(link.sampleSids()).hasSize(20).startsWith(sid("SM", 1));
        String linked = csv(incident, link.source(), UsageExportFilter.of(link.filter()));
        assertThat(linked.lines()).hasSize(61);
        assertThat(linked.lines().skip(1)).allMatch(l -> l.contains(",NG,"));

        Signal spike = r.signals().stream().filter(s -> s.kind() == SignalKind.ALERT_ERROR_SPIKE).findFirst()
                .orElseThrow();
        assertThat(csv(incident, UsageSource.MONITOR_ALERTS, UsageExportFilter.of(spike.rows().get(0).filter()))
                .lines()).hasSize(16);
        Signal webhook = r.signals().stream().filter(s -> s.kind() == SignalKind.WEBHOOK_CHANGED).findFirst()
                .orElseThrow();
        assertThat(webhook.rows().get(0).sampleSids()).containsExactly(sid("AE", 2));
        assertThat(csv(incident, UsageSource.MONITOR_EVENTS, UsageExportFilter.none())).contains(",sms_url")
                .doesNotContain("evil.example.com");
        assertThat(audits.markdownSummary(incident)).contains("**Verdict: SUSPICIOUS**")
                .contains("`messages.csv?period=WINDOW&direction=outbound&country=NG`");
        assertNothingSecretStored();
    }

    @Test
    void evidenceBeyondRetentionMakesTheAuditIncomplete() {
        windowStart = now.minus(Duration.ofDays(40));
        UUID incident = incident();

        start(incident, TwilioAuth.authToken(AC, TOKEN), false);
        AuditReport r = awaitFinished(incident);

        assertThat(r.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(r.retentionGaps()).extracting(AuditReport.RetentionGap::source)
                .containsExactlyInAnyOrder(UsageSource.MONITOR_EVENTS, UsageSource.MONITOR_ALERTS);
        Instant availableFrom = r.retentionGaps().get(0).availableFrom();
        assertThat(availableFrom).isBetween(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(29)));
        assertThat(r.retentionGaps().get(0).statement()).startsWith("no evidence available before " + availableFrom);
        assertThat(r.missing()).anyMatch(m -> m.what().contains("no evidence available before"));
        // Twilio was asked only for what it still keeps.
        TwilioDouble.shared().server().verify(getRequestedFor(urlPathEqualTo(EVENTS_PATH))
                .withQueryParam("StartDate", equalTo(zoned(availableFrom))));
        assertThat(progress(r, UsageSource.MONITOR_EVENTS, UsagePeriod.WINDOW).status()).isEqualTo(PullStatus.DONE);

        // A window entirely before retention: nothing to ask Twilio, and the report says so.
        windowStart = now.minus(Duration.ofDays(50));
        windowEnd = now.minus(Duration.ofDays(40));
        AuditReport old = awaitFinished(incidentStarted());
        assertThat(progress(old, UsageSource.MONITOR_ALERTS, UsagePeriod.WINDOW).status())
                .isEqualTo(PullStatus.OUT_OF_RETENTION);
        assertThat(old.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(old.retentionGaps()).hasSize(2);
    }

    UUID incidentStarted() {
        UUID incident = incident();
        start(incident, TwilioAuth.authToken(AC, TOKEN), false);
        return incident;
    }

    @Test
    void withoutACredentialOrAccessTheAuditIsIncomplete() {
        UUID none = incident();
        start(none, null, false);
        AuditReport r = awaitFinished(none);
        assertThat(r.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(r.progress()).allMatch(p -> p.status() == PullStatus.NO_CREDENTIAL);
        assertThat(r.missing()).allMatch(m -> m.what().endsWith("not read: no credential was available"));

        // A Standard key that may not read calls (Twilio tells only the key itself so).
        TwilioDouble.shared().stubFor(get(urlPathEqualTo(callsPath(AC))).atPriority(1).withBasicAuth(KEY, KEY_SECRET)
                .willReturn(TwilioDouble.json(403, "{\"code\":20403,\"message\":\"Forbidden\",\"status\":403}")));
        UUID key = incident();
        start(key, TwilioAuth.apiKey(AC, KEY, KEY_SECRET), false);
        AuditReport k = awaitFinished(key);
        assertThat(k.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(progress(k, UsageSource.CALLS, UsagePeriod.WINDOW).status()).isEqualTo(PullStatus.NO_ACCESS);
        assertThat(progress(k, UsageSource.MESSAGES, UsagePeriod.WINDOW).status()).isEqualTo(PullStatus.DONE);
        assertThat(k.missing()).anyMatch(m -> m.what().contains("not readable with this credential")
                && m.what().contains("HTTP 403, code 20403"));
        TwilioDouble.shared().server().verify(getRequestedFor(urlPathEqualTo(messagesPath(AC))).withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials(KEY, KEY_SECRET)));
        assertNothingSecretStored();
    }

    @Test
    void aMainAccountsKeySaysUpFrontItCannotReadSubaccounts() {
        fake.serve("accounts", ACCOUNTS_PATH, false, List.of(
                TwilioFixtures.listedAccount(AC, AC, "Main", windowStart.minus(Duration.ofDays(400)), TOKEN),
                TwilioFixtures.listedAccount(SUB, AC, "pump", inWindow(30), SUB_TOKEN)), 1000, "AC", Map.of(),
                as(KEY, KEY_SECRET));
        UUID incident = incident();

        start(incident, TwilioAuth.apiKey(AC, KEY, KEY_SECRET), true);
        AuditReport r = awaitFinished(incident);

        assertThat(r.progress()).filteredOn(p -> p.accountSid().equals(SUB)).isNotEmpty()
                .allMatch(p -> p.status() == PullStatus.NO_ACCESS);
        assertThat(r.missing()).filteredOn(m -> m.what().contains(SUB)).isNotEmpty()
                .allMatch(m -> m.what().contains("refuses a main account's API keys on its subaccounts"))
                .noneMatch(m -> m.what().contains("no longer works"));
        // Nothing of the subaccount was asked for with the key.
        TwilioDouble.shared().server().verify(0,
                getRequestedFor(urlPathMatching("/2010-04-01/Accounts/" + SUB + "/.*")));
        assertNothingSecretStored();
    }

    // ---- resilience ----

    @Test
    void a429StormIsRescheduledAndContinuesAtTheCursorWithoutDuplicates() {
        List<String> tokens = new ArrayList<>(fake.serve("messages", messagesPath(AC), false,
                messages(30, 1, "+1202555", "outbound-api", this::inWindow), 10, "MW",
                Map.of("DateSent<", dayAfter(windowEnd)), as(AC, TOKEN)));
        // Page 2 answers 429 five times: each run takes two (the first and one in-place retry), then reschedules.
        // Rate limits and dropped connections are stubbed for any credential, as Twilio's are.
        String state = STARTED;
        for (int i = 1; i <= 5; i++) {
            TwilioDouble.shared().stubFor(get(urlPathEqualTo(messagesPath(AC))).atPriority(1)
                    .withQueryParam("PageToken", equalTo(tokens.get(0)))
                    .inScenario("storm").whenScenarioStateIs(state).willSetStateTo("429-" + i)
                    .willReturn(TwilioDouble.tooManyRequests()));
            state = "429-" + i;
        }
        UUID incident = incidentStarted();

        AuditReport r = awaitFinished(incident);

        SourceProgress p = progress(r, UsageSource.MESSAGES, UsagePeriod.WINDOW);
        assertThat(p.status()).isEqualTo(PullStatus.DONE);
        assertThat(p.rateLimited()).isEqualTo(5);
        assertThat(p.rowsStored()).isEqualTo(30);
        assertThat(p.pages()).isEqualTo(3);
        assertThat(r.counts().messagesWindow()).isEqualTo(30);
        assertThat(Db.count("SELECT run_seq FROM usage_pull WHERE source = 'MESSAGES' AND period = 'WINDOW'"))
                .isEqualTo(3);
        // Page 1 was read once: the reschedules continued at the stored cursor.
        TwilioDouble.shared().server().verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC)))
                .withQueryParam("DateSent<", equalTo(dayAfter(windowEnd))).withQueryParam("PageToken", absent()));
        assertThat(r.missing()).isEmpty();
    }

    @Test
    void aPullCutOffMidwayResumesFromTheLastStoredPage() {
        List<String> tokens = fake.serve("messages", messagesPath(AC), false,
                messages(40, 1, "+1202555", "outbound-api", this::inWindow), 10, "MW",
                Map.of("DateSent<", dayAfter(windowEnd)), as(AC, TOKEN));
        // Page 3: the connection drops twice (the run and its in-place retry), so the job fails and is retried.
        TwilioDouble.shared().stubFor(get(urlPathEqualTo(messagesPath(AC))).atPriority(1)
                .withQueryParam("PageToken", equalTo(tokens.get(1)))
                .inScenario("crash").whenScenarioStateIs(STARTED).willSetStateTo("dropped once")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        TwilioDouble.shared().stubFor(get(urlPathEqualTo(messagesPath(AC))).atPriority(1)
                .withQueryParam("PageToken", equalTo(tokens.get(1)))
                .inScenario("crash").whenScenarioStateIs("dropped once").willSetStateTo("recovered")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        UUID incident = incidentStarted();

        AuditReport r = awaitFinished(incident);

        SourceProgress p = progress(r, UsageSource.MESSAGES, UsagePeriod.WINDOW);
        assertThat(p.status()).isEqualTo(PullStatus.DONE);
        assertThat(p.pages()).isEqualTo(4);
        assertThat(p.rowsStored()).isEqualTo(40);
        assertThat(Db.count("SELECT count(DISTINCT sid) FROM usage_message")).isEqualTo(40);
        for (String token : List.of(tokens.get(0))) {
            TwilioDouble.shared().server().verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC)))
                    .withQueryParam("PageToken", equalTo(token)));
        }
        TwilioDouble.shared().server().verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC)))
                .withQueryParam("DateSent<", equalTo(dayAfter(windowEnd))).withQueryParam("PageToken", absent()));
        TwilioDouble.shared().server().verify(3, getRequestedFor(urlPathEqualTo(messagesPath(AC)))
                .withQueryParam("PageToken", equalTo(tokens.get(1))));
        assertThat(Logs.all()).contains("Job usage-pull/").contains("failed on attempt 1");
    }

    @Test
    void aPageStoredAgainSkipsItsDuplicatesAndCountsOnlyNewRows() throws Exception {
        fake.serve("messages", messagesPath(AC), false, messages(4, 1, "+1202555", "outbound-api", this::inWindow),
                2, "MW", Map.of("DateSent<", dayAfter(windowEnd)), as(AC, TOKEN));
        UUID incident = incidentStarted();
        awaitFinished(incident);
        UUID pullId = pullId(UsageSource.MESSAGES, UsagePeriod.WINDOW);
        UUID auditId = audits.report(incident).auditId();
        // As if a run crashed after storing page 2 but before its cursor moved: the page comes again, plus a row.
        String page2 = "https://api.twilio.com" + messagesPath(AC) + "?PageSize=1000&Page=1&PageToken=MW2";
        Db.exec("UPDATE usage_pull SET cursor_url = '" + page2 + "', status = 'RUNNING' WHERE id = '" + pullId + "'");
        Rows.MessageRow again = new Rows.MessageRow(sid("SM", 3), AC, UsagePeriod.WINDOW, "outbound-api",
                "+12025550100", "+12025550002", "US", "delivered", 1, null, "USD", null, inWindow(120));
        Rows.MessageRow fresh = new Rows.MessageRow(sid("SM", 77), AC, UsagePeriod.WINDOW, "outbound-api",
                "+12025550100", "+12025550077", "US", "delivered", 1, null, "USD", null, inWindow(130));
        List<Rows.MessageRow> rows = List.of(again, fresh);
        PagePuller.PreparedPage<Rows.MessageRow> page = new PagePuller.PreparedPage<>(page2, rows,
                PagePuller.encode(auditId, Rows.MESSAGES, rows), 2, 0, null);
        int runSeq = (int) Db.count("SELECT run_seq FROM usage_pull WHERE id = '" + pullId + "'");
        PageWriter<Rows.MessageRow> writer = new PageWriter<>(dataSource, auditId, pullId, runSeq, Rows.MESSAGES,
                Clock.systemUTC());

        long stored = writer.store(new PagePuller.Batch<>(page2, null, List.of(page)));

        assertThat(stored).isEqualTo(1);
        assertThat(writer.duplicateBatches()).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM usage_message")).isEqualTo(5);
        assertThat(Db.count("SELECT rows_stored FROM usage_pull WHERE id = '" + pullId + "'")).isEqualTo(5);
        // The cursor moved on; a second delivery of the same batch is refused as taken over.
        assertThat(writer.store(new PagePuller.Batch<>(page2, null, List.of(page)))).isEqualTo(-1);
        assertThat(Db.count("SELECT count(*) FROM usage_message")).isEqualTo(5);
    }

    // ---- refresh and review ----

    @Test
    void aRefreshPullsAgainWithoutDuplicatesAndDiscardsTheReview() {
        fake.serve("messages", messagesPath(AC), false, messages(12, 1, "+1202555", "outbound-api", this::inWindow),
                5, "MW", Map.of("DateSent<", dayAfter(windowEnd)), as(AC, TOKEN));
        UUID incident = incidentStarted();
        AuditReport first = awaitFinished(incident);
        assertThat(audits.markReviewed(incident, "bob").reviewed()).isTrue();

        start(incident, TwilioAuth.authToken(AC, TOKEN), false);
        AuditReport second = awaitFinished(incident);

        assertThat(second.auditId()).isEqualTo(first.auditId());
        assertThat(second.generation()).isEqualTo(2);
        assertThat(second.review()).isNull();
        assertThat(second.counts().messagesWindow()).isEqualTo(12);
        assertThat(Db.count("SELECT count(*) FROM usage_pull")).isEqualTo(first.progress().size());
    }

    @Test
    void aReviewWaitsForThePullsToFinish() {
        TwilioDouble.shared().stubFor(get(urlPathEqualTo(messagesPath(AC))).atPriority(1).withBasicAuth(AC, TOKEN)
                .willReturn(TwilioDouble
                        .json(200, TwilioFixtures.page2010("messages", messagesPath(AC), List.of(), 0, null))
                        .withFixedDelay(3000)));
        UUID incident = incidentStarted();

        UsageAuditService.ReviewResult early = audits.markReviewed(incident, "bob");

        assertThat(early.reviewed()).isFalse();
        assertThat(early.reason()).contains("still in progress");
        assertThat(audits.report(incident).verdict()).isEqualTo(Verdict.INCOMPLETE);
        awaitFinished(incident);
        assertThat(audits.markReviewed(incident, "bob").reviewed()).isTrue();
        assertThat(audits.markReviewed(incident, "carol").reason()).isEqualTo("already reviewed");
    }

    @Test
    void aPullWhoseJobStoppedIsReportedAndDoesNotBlockTheReview() {
        UUID incident = incidentStarted();
        awaitFinished(incident);
        // As if db-scheduler had kept the job as FAILED after its node died with it again and again.
        Db.exec("UPDATE usage_pull SET status = 'RUNNING', run_seq = 99, pages = 2 WHERE source = 'CALLS' "
                + "AND period = 'WINDOW'");

        AuditReport r = audits.report(incident);

        assertThat(r.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(r.missing()).singleElement().satisfies(m -> assertThat(m.what())
                .contains("the job reading it stopped after 2 page(s)").contains("refresh the audit"));
        assertThat(audits.markReviewed(incident, "bob").reviewed()).isTrue();
    }

    @Test
    void anIncidentWithoutAuditIsNotFound() {
        UUID incident = incident();
        assertThat(audits.exists(incident)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> audits.report(incident))
                .isInstanceOf(UsageAuditNotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> audits.start(new UsageAuditRequest(UUID.randomUUID(),
                AC, windowStart, windowEnd, null, null, false, "alice")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the incident does not exist");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> audits.start(new UsageAuditRequest(incident, AC,
                now.plusSeconds(60), null, null, null, false, "alice")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the past");
    }

    @Test
    void onlyTheIncidentsForeignKeyMeansAMissingIncident() {
        var incidentKey = new org.postgresql.util.PSQLException(new org.postgresql.util.ServerErrorMessage(
                "SERROR\0C23503\0Mviolates\0nusage_audit_incident_fk\0"));
        var otherKey = new org.postgresql.util.PSQLException(new org.postgresql.util.ServerErrorMessage(
                "SERROR\0C23503\0Mviolates\0nusage_pull_audit_fk\0"));
        var notAKey = new org.postgresql.util.PSQLException(new org.postgresql.util.ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate\0nusage_audit_incident_fk\0"));
        assertThat(UsageAuditService.isMissingIncident(incidentKey)).isTrue();
        assertThat(UsageAuditService.isMissingIncident(otherKey)).isFalse();
        assertThat(UsageAuditService.isMissingIncident(notAKey)).isFalse();
        assertThat(UsageAuditService.isMissingIncident(new java.sql.SQLException("x", "23503"))).isFalse();
    }
}
