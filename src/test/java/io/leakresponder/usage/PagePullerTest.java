package io.leakresponder.usage;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.messagesPath;
import static io.leakresponder.testsupport.TwilioFixtures.message;
import static io.leakresponder.testsupport.TwilioFixtures.sid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.twilio.http.TwilioRestClient;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import io.leakresponder.twilio.TwilioClients;
import io.leakresponder.usage.PagePuller.Batch;
import io.leakresponder.usage.PagePuller.Kind;
import io.leakresponder.usage.PagePuller.Result;
import io.leakresponder.usage.Rows.CallRow;
import io.leakresponder.usage.Rows.EventRow;
import io.leakresponder.usage.Rows.MessageRow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The page loop through twilio-java against WireMock, with an in-memory sink: paging, 429s, failures, resume. */
class PagePullerTest {

    static final String AC = "AC00000000000000000000000000000a01";
    static final String TOKEN = "00000000000000000000000000000f01";
    /** The credential every pull here uses; the pages answer it only. */
    static final TwilioDouble.Access OWN = TwilioDouble.Access.own(AC, AC, TOKEN);

    /** Anything not stubbed is refused as Twilio refuses a credential it does not accept. */
    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.writable();
    static final WireMockServer server = twilio.server();
    static final TwilioClients.Standalone standalone = twilio.closeAfterAll(TwilioClients.standalone(twilio.baseUrl()));
    static ExecutorService fetchers;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final AuditWindow window = AuditWindow.of(now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)),
            Duration.ofDays(30), false, now);
    final Sources.Target target = new Sources.Target(UUID.randomUUID(), UsageSource.MESSAGES, AC,
            UsagePeriod.WINDOW, window.start(), window.effectiveEnd(), window, AC);

    @BeforeAll
    static void start() {
        fetchers = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        fetchers.shutdownNow();
    }

    static PagePuller puller(int batchSize) {
        return new PagePuller(new PagePuller.Settings(batchSize, 2, Duration.ofMillis(2), 1, 1000), fetchers,
                new Countries());
    }

    TwilioRestClient client() {
        return standalone.clients().forAuthToken(AC, TOKEN);
    }

    /** Rows by SID and the cursor, like the table and usage_pull. */
    static final class MemorySink<W> implements PagePuller.Sink<W> {
        final Map<String, W> rows = new LinkedHashMap<>();
        final List<Batch<W>> batches = new ArrayList<>();
        String cursor;
        int failAfter = Integer.MAX_VALUE;
        boolean supersede;

        @Override
        public long store(Batch<W> batch) {
            if (batches.size() >= failAfter) {
                throw new IllegalStateException("simulated crash before batch " + (batches.size() + 1));
            }
            if (supersede || !java.util.Objects.equals(cursor, batch.fromUrl())) {
                return -1;
            }
            long stored = 0;
            for (W row : batch.rows()) {
                String key = row instanceof MessageRow m
                        ? m.sid()
                        : row instanceof CallRow c ? c.sid() : ((EventRow) row).sid();
                if (rows.putIfAbsent(key, row) == null) {
                    stored++;
                }
            }
            batches.add(batch);
            cursor = batch.nextUrl();
            return stored;
        }
    }

    List<String> messages(int n, Instant at) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(message(sid("SM", i + 1), AC, "+15005550006", "+4915112345" + String.format("%03d", i),
                    "outbound-api", at.plusSeconds(i), "-0.0750", 1, null));
        }
        return items;
    }

    @Test
    void readsEveryPageThroughNextPageUriAndKeepsNoBody() throws Exception {
        List<String> items = messages(5, window.start().plusSeconds(60));
        twilio.serve("messages", messagesPath(AC), false, items, 2, "PM", Map.of(), OWN);
        MemorySink<MessageRow> sink = new MemorySink<>();

        Result r = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> false);

        assertThat(r.kind()).isEqualTo(Kind.DONE);
        assertThat(r.pages()).isEqualTo(3);
        assertThat(sink.rows).hasSize(5);
        assertThat(sink.cursor).isNull();
        assertThat(sink.batches).extracting(Batch::fromUrl).containsExactly(null,
                "https://api.twilio.com" + messagesPath(AC) + "?PageSize=1000&Page=1&PageToken=PM2",
                "https://api.twilio.com" + messagesPath(AC) + "?PageSize=1000&Page=2&PageToken=PM3");
        MessageRow first = sink.rows.get(sid("SM", 1));
        assertThat(first.toCountry()).isEqualTo("DE");
        assertThat(first.direction()).isEqualTo("outbound-api");
        assertThat(first.price()).isEqualByComparingTo("-0.0750");
        assertThat(first.numSegments()).isEqualTo(1);
        assertThat(sink.rows.values().toString()).doesNotContain(TwilioFixtures.BODY_MARKER);
        for (Batch<MessageRow> b : sink.batches) {
            b.pages().forEach(p -> assertThat(new String(p.copy(), StandardCharsets.UTF_8))
                    .doesNotContain(TwilioFixtures.BODY_MARKER));
        }
        // PageSize 1000 once, the window's whole UTC days as DateSent> / DateSent< (documented as GMT dates).
        server.verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC)))
                .withQueryParam("PageSize", equalTo("1000"))
                .withQueryParam("DateSent>", equalTo(TwilioFixtures.query(midnightOf(window.start()))))
                .withQueryParam("DateSent<",
                        equalTo(TwilioFixtures.query(midnightOf(window.effectiveEnd()).plus(Duration.ofDays(1))))));
    }

    static Instant midnightOf(Instant t) {
        return t.truncatedTo(ChronoUnit.DAYS);
    }

    @Test
    void theLastDayOfAnOpenWindowIsAskedForWholeAndCutHere() throws Exception {
        // An open window ends now: a message sent earlier today is in it, one "sent" after the end is not.
        Instant end = now;
        AuditWindow open = AuditWindow.of(now.minus(Duration.ofDays(3)), null, Duration.ofDays(30), false, now);
        Sources.Target today = new Sources.Target(UUID.randomUUID(), UsageSource.CALLS, AC, UsagePeriod.WINDOW,
                open.start(), open.effectiveEnd(), open, AC);
        Instant earlierToday = end.minusSeconds(60);
        List<String> calls = List.of(
                TwilioFixtures.call(sid("CA", 1), AC, "+15005550006", "+447700900001", "outbound-api", earlierToday, 30,
                        "-0.02"),
                TwilioFixtures.call(sid("CA", 2), AC, "+15005550006", "+447700900002", "outbound-api",
                        end.plusSeconds(3600), 30, "-0.02"));
        // Twilio reads StartTime< as a GMT date: only a filter up to tomorrow's midnight includes all of today.
        twilio.serve("calls", "/2010-04-01/Accounts/" + AC + "/Calls.json", false, calls, 10, "PC",
                Map.of("StartTime<", TwilioFixtures.query(midnightOf(end).plus(Duration.ofDays(1))),
                        "StartTime>", TwilioFixtures.query(midnightOf(open.start()))),
                OWN);
        MemorySink<CallRow> sink = new MemorySink<>();

        Result r = puller(1).pull(Sources.CALLS, today, client(), null, 0, sink, () -> false);

        assertThat(r.kind()).isEqualTo(Kind.DONE);
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(sink.rows).containsOnlyKeys(sid("CA", 1));
    }

    @Test
    void batchesWholePagesUpToTheBatchSize() throws Exception {
        twilio.serve("messages", messagesPath(AC), false, messages(5, window.start().plusSeconds(60)), 2, "PB",
                Map.of(), OWN);
        MemorySink<MessageRow> sink = new MemorySink<>();

        Result r = puller(4).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> false);

        assertThat(r.kind()).isEqualTo(Kind.DONE);
        assertThat(sink.batches).hasSize(2);
        assertThat(sink.batches.get(0).pages()).hasSize(2);
        assertThat(sink.rows).hasSize(5);
    }

    @Test
    void dropsAndCountsRowsOutsideTheRange() throws Exception {
        List<String> items = new ArrayList<>(messages(2, window.start().plusSeconds(10)));
        items.add(message(sid("SM", 99), AC, "+15005550006", "+15005550009", "outbound-api",
                window.start().minusSeconds(5), "-0.0075", 1, null));
        twilio.serve("messages", messagesPath(AC), false, items, 10, "PO", Map.of(), OWN);
        MemorySink<MessageRow> sink = new MemorySink<>();

        Result r = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> false);

        assertThat(r.rowsRead()).isEqualTo(3);
        assertThat(r.rowsStored()).isEqualTo(2);
        assertThat(sink.batches.get(0).outside()).isEqualTo(1);
    }

    @Test
    void retriesA429InTheMiddleInPlace() throws Exception {
        List<String> tokens = twilio.serve("messages", messagesPath(AC), false,
                messages(4, window.start().plusSeconds(1)), 2, "PR", Map.of(), OWN);
        // Page 2 answers 429 twice (for any credential, as Twilio's rate limits do), then its page.
        server.stubFor(get(urlPathEqualTo(messagesPath(AC))).atPriority(1)
                .withQueryParam("PageToken", equalTo(tokens.get(0)))
                .inScenario("429").whenScenarioStateIs(STARTED).willSetStateTo("one")
                .willReturn(TwilioDouble.tooManyRequests()));
        server.stubFor(get(urlPathEqualTo(messagesPath(AC))).atPriority(1)
                .withQueryParam("PageToken", equalTo(tokens.get(0)))
                .inScenario("429").whenScenarioStateIs("one").willSetStateTo("done")
                .willReturn(TwilioDouble.tooManyRequests()));
        MemorySink<MessageRow> sink = new MemorySink<>();

        Result r = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> false);

        assertThat(r.kind()).isEqualTo(Kind.DONE);
        assertThat(r.rateLimited()).isEqualTo(2);
        assertThat(sink.rows).hasSize(4);
        server.verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC))).withQueryParam("PageToken",
                com.github.tomakehurst.wiremock.client.WireMock.absent()));
    }

    @Test
    void a429StormEndsTheRunAtTheCursorAndTheNextRunContinuesThere() throws Exception {
        List<String> tokens = twilio.serve("messages", messagesPath(AC), false,
                messages(6, window.start().plusSeconds(1)), 2, "PS", Map.of(), OWN);
        var storm = server.stubFor(get(urlPathEqualTo(messagesPath(AC))).atPriority(1)
                .withQueryParam("PageToken", equalTo(tokens.get(0)))
                .willReturn(TwilioDouble.tooManyRequests()));
        MemorySink<MessageRow> sink = new MemorySink<>();

        Result first = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> false);

        assertThat(first.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(first.failure().httpStatus()).isEqualTo(429);
        assertThat(first.failure().code()).isEqualTo(20429);
        assertThat(first.rateLimited()).isEqualTo(3); // the first answer and two in-place retries
        assertThat(sink.rows).hasSize(2);
        assertThat(sink.cursor).endsWith("PageToken=" + tokens.get(0));

        server.removeStub(storm);
        Result second = puller(1).pull(Sources.MESSAGES, target, client(), sink.cursor, first.pages(), sink,
                () -> false);

        assertThat(second.kind()).isEqualTo(Kind.DONE);
        assertThat(sink.rows).hasSize(6);
        server.verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC))).withQueryParam("PageToken",
                com.github.tomakehurst.wiremock.client.WireMock.absent()));
    }

    @Test
    void aCrashMidwayResumesAtTheLastStoredCursorWithoutDuplicates() throws Exception {
        List<String> tokens = twilio.serve("messages", messagesPath(AC), false,
                messages(8, window.start().plusSeconds(1)), 2, "PC", Map.of(), OWN);
        MemorySink<MessageRow> sink = new MemorySink<>();
        sink.failAfter = 2;

        assertThatThrownBy(() -> puller(1).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> false))
                .hasMessageContaining("simulated crash");
        assertThat(sink.rows).hasSize(4);
        String cursor = sink.cursor;
        assertThat(cursor).endsWith("PageToken=" + tokens.get(1));

        sink.failAfter = Integer.MAX_VALUE;
        Result resumed = puller(1).pull(Sources.MESSAGES, target, client(), cursor, 2, sink, () -> false);

        assertThat(resumed.kind()).isEqualTo(Kind.DONE);
        assertThat(resumed.pages()).isEqualTo(2);
        assertThat(sink.rows).hasSize(8);
        // Pages 1 and 2 were read once; the resumed run started at page 3.
        server.verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC))).withQueryParam("PageToken",
                com.github.tomakehurst.wiremock.client.WireMock.absent()));
        server.verify(1, getRequestedFor(urlPathEqualTo(messagesPath(AC))).withQueryParam("PageToken",
                equalTo(tokens.get(0))));
    }

    @Test
    void answersAreSortedByWhatTheyMean() throws Exception {
        server.stubFor(get(urlPathEqualTo(messagesPath(AC))).willReturn(json(401,
                "{\"code\":20003,\"message\":\"Authenticate\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}")));
        Result unauthorized = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, new MemorySink<>(),
                () -> false);
        assertThat(unauthorized.kind()).isEqualTo(Kind.NO_ACCESS);
        assertThat(unauthorized.failure().reason()).contains("HTTP 401, code 20003");

        server.stubFor(get(urlPathEqualTo(messagesPath(AC))).withBasicAuth(AC, TOKEN).willReturn(json(400,
                "{\"code\":20001,\"message\":\"Bad DateSent\",\"status\":400}")));
        assertThat(puller(1).pull(Sources.MESSAGES, target, client(), null, 0, new MemorySink<>(), () -> false)
                .kind()).isEqualTo(Kind.FAILED);

        server.resetRequests();
        // Outages, for any credential as Twilio's are.
        server.stubFor(get(urlPathEqualTo(messagesPath(AC))).willReturn(json(503,
                "{\"code\":20503,\"message\":\"Service unavailable\",\"status\":503}")));
        Result unavailable = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, new MemorySink<>(),
                () -> false);
        assertThat(unavailable.kind()).isEqualTo(Kind.TRANSIENT);
        server.verify(2, getRequestedFor(urlPathEqualTo(messagesPath(AC)))
                .withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing("json"))
                .withQueryParam("PageSize", equalTo("1000")).withQueryParam("DateSent>",
                        equalTo(TwilioFixtures.query(midnightOf(window.start())))));

        server.stubFor(get(urlPathEqualTo(messagesPath(AC)))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(puller(1).pull(Sources.MESSAGES, target, client(), null, 0, new MemorySink<>(), () -> false)
                .kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aTakenOverCursorStopsTheRun() throws Exception {
        twilio.serve("messages", messagesPath(AC), false, messages(4, window.start().plusSeconds(1)), 2, "PT",
                Map.of(), OWN);
        MemorySink<MessageRow> sink = new MemorySink<>();
        sink.supersede = true;

        assertThat(puller(1).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> false).kind())
                .isEqualTo(Kind.SUPERSEDED);
    }

    @Test
    void pagingThatDoesNotEndFails() throws Exception {
        String self = messagesPath(AC) + "?PageSize=1000&Page=1&PageToken=LOOP";
        server.stubFor(get(urlPathEqualTo(messagesPath(AC))).withBasicAuth(AC, TOKEN).willReturn(json(200,
                TwilioFixtures.page2010("messages",
                        messagesPath(AC), messages(1, window.start().plusSeconds(1)), 1, self))));

        Result r = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, new MemorySink<>(), () -> false);

        assertThat(r.kind()).isEqualTo(Kind.FAILED);
        assertThat(r.failure().reason()).contains("paging does not end");
    }

    @Test
    void stopsAtABatchBoundaryWhenAskedTo() throws Exception {
        twilio.serve("messages", messagesPath(AC), false, messages(6, window.start().plusSeconds(1)), 2, "PX",
                Map.of(), OWN);
        MemorySink<MessageRow> sink = new MemorySink<>();

        Result r = puller(1).pull(Sources.MESSAGES, target, client(), null, 0, sink, () -> sink.batches.size() >= 1);

        assertThat(r.kind()).isEqualTo(Kind.STOPPED);
        assertThat(sink.rows).hasSize(2);
        assertThat(sink.cursor).endsWith("PageToken=PX2");
    }

    @Test
    void monitorEventsPageThroughNextPageUrl() throws Exception {
        Instant at = window.start().plusSeconds(30);
        List<String> events = List.of(
                TwilioFixtures.event(sid("AE", 1), AC, "api-key.created", "198.51.100.7", at, null),
                TwilioFixtures.event(sid("AE", 2), AC, "phone-number.updated", "198.51.100.7", at.plusSeconds(1),
                        "{\"updated\":{\"sms_url\":\"https://evil.example.com/x?secret=1\"},\"previous\":"
                                + "{\"sms_url\":\"https://ok.example.com\"}}"),
                TwilioFixtures.event(sid("AE", 3), AC, "account.updated", null, at.plusSeconds(2), null));
        twilio.serve("events", TwilioDouble.EVENTS_PATH, true, events, 2, "PE", Map.of(
                "StartDate", TwilioFixtures.query(window.start()) + "Z", "EndDate",
                TwilioFixtures.query(window.effectiveEnd()) + "Z"), OWN);
        Sources.Target t = new Sources.Target(target.auditId(), UsageSource.MONITOR_EVENTS, AC, UsagePeriod.WINDOW,
                window.start(), window.effectiveEnd(), window, AC);
        MemorySink<EventRow> sink = new MemorySink<>();

        Result r = puller(1).pull(Sources.EVENTS, t, client(), null, 0, sink, () -> false);

        assertThat(r.kind()).isEqualTo(Kind.DONE);
        assertThat(r.pages()).isEqualTo(2);
        EventRow webhook = sink.rows.get(sid("AE", 2));
        assertThat(webhook.changedFields()).isEqualTo("sms_url");
        assertThat(webhook.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(sink.rows.values().toString()).doesNotContain("evil.example.com").doesNotContain("secret=1");
        assertThat(sink.batches.get(1).fromUrl())
                .isEqualTo("https://monitor.twilio.com/v1/Events?PageSize=1000&Page=1&PageToken=PE2");
    }
}
