package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.leakresponder.testsupport.TwilioDouble.json;
import static io.leakresponder.testsupport.TwilioDouble.twilioError;
import static io.leakresponder.testsupport.TwilioFixtures.KEY_SECRET;
import static io.leakresponder.testsupport.TwilioFixtures.TOKEN;
import static io.leakresponder.testsupport.TwilioFixtures.ac;
import static io.leakresponder.testsupport.TwilioFixtures.sk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import com.twilio.exception.ApiException;
import com.twilio.exception.InvalidRequestException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.accounts.v1.credential.Aws;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Key;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.NewKey;
import com.twilio.rest.iam.v1.GetApiKeys;
import com.twilio.rest.monitor.v1.Event;
import com.twilio.rest.verify.v2.Service;
import com.twilio.type.PhoneNumber;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared transport: base-URL routing for every Twilio host, bodies of non-GETs, no SDK retries, pool size. */
class TwilioTransportTest {

    // Every stub answers only the credential the test sends; anything else gets Twilio's 401/20003.
    @RegisterExtension
    static final TwilioDouble twilio = TwilioDouble.readOnly();
    static final FacadeUnderTest fut = FacadeUnderTest.over(twilio);

    private static String emptyV1Page(String key) {
        return "{\"" + key + "\":[],\"meta\":{\"page\":0,\"page_size\":50,\"first_page_url\":null,"
                + "\"previous_page_url\":null,\"url\":\"https://example.twilio.com/v1\",\"next_page_url\":null,"
                + "\"key\":\"" + key + "\"}}";
    }

    @Test
    void everyTwilioHostIsRoutedToTheBaseUrlWithPathAndQueryKept() {
        String ac = ac(0x501);
        TwilioRestClient client = fut.clients().forAuthToken(ac, TOKEN);
        twilio.account(ac, ac, TOKEN, ac, "active", "Full");
        twilio.stubFor(get(urlEqualTo("/v1/Credentials/AWS?PageSize=5")).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, emptyV1Page("credentials"))));
        twilio.stubFor(get(urlEqualTo("/v2/Services?PageSize=1")).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, emptyV1Page("services"))));
        twilio.stubFor(get(urlPathEqualTo("/v1/Events")).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, emptyV1Page("events"))));
        twilio.stubFor(get(urlEqualTo("/v1/Keys?AccountSid=" + ac)).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, emptyV1Page("keys"))));
        twilio.stubFor(get(urlPathEqualTo(TwilioDouble.messagesPath(ac))).withBasicAuth(ac, TOKEN)
                .withQueryParam("To", equalTo("+15558675310")).withQueryParam("PageSize", equalTo("2")).willReturn(
                        json(200, TwilioFixtures.messagesPage(ac))));

        assertThat(Account.fetcher(ac).fetch(client).getSid()).isEqualTo(ac);
        Aws.reader().pageSize(5).firstPage(client);
        Service.reader().pageSize(1).firstPage(client);
        GetApiKeys.reader(ac).firstPage(client);
        ZonedDateTime from = ZonedDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Event.reader().setStartDate(from).setEndDate(from.plusDays(1)).pageSize(20).firstPage(client);
        Message.reader(ac).setTo(new PhoneNumber("+15558675310")).pageSize(2).firstPage(client);

        List<LoggedRequest> seen = twilio.requests();
        assertThat(seen).hasSize(6).allSatisfy(r -> {
            assertThat(r.getMethod().getName()).isEqualTo("GET");
            assertThat(r.getHeader("Authorization")).startsWith("Basic ");
            assertThat(r.getHeader("User-Agent")).startsWith("twilio-java/");
        });
        Map<String, String> hostByPath = new ConcurrentHashMap<>();
        seen.forEach(
                r -> hostByPath.put(URI.create(r.getUrl()).getPath(), r.getHeader(TwilioTransport.FORWARDED_HOST)));
        assertThat(hostByPath).containsExactlyInAnyOrderEntriesOf(Map.of(
                TwilioDouble.accountPath(ac), "api.twilio.com",
                "/v1/Credentials/AWS", "accounts.twilio.com",
                "/v2/Services", "verify.twilio.com",
                "/v1/Keys", "iam.twilio.com",
                "/v1/Events", "monitor.twilio.com",
                TwilioDouble.messagesPath(ac), "api.twilio.com"));
        LoggedRequest events = seen.stream().filter(r -> r.getUrl().startsWith("/v1/Events")).findFirst().orElseThrow();
        assertThat(events.queryParameter("StartDate").firstValue()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(events.queryParameter("EndDate").firstValue()).isEqualTo("2026-11-02T00:00:00Z");
        assertThat(events.queryParameter("PageSize").firstValue()).isEqualTo("20");
    }

    @Test
    void regionalHostsAreRoutedToo() {
        String ac = ac(0x502);
        // An IE1 key, answered on the IE1 host only.
        twilio.stubFor(get(urlEqualTo(TwilioDouble.accountPath(ac))).withBasicAuth(sk(0x502), KEY_SECRET)
                .withHeader(TwilioTransport.FORWARDED_HOST, equalTo("api.dublin.ie1.twilio.com"))
                .willReturn(json(200, TwilioFixtures.account(ac, ac, "active", "Full", TOKEN))));
        TwilioRestClient regional = new TwilioRestClient.Builder(sk(0x502), KEY_SECRET).accountSid(ac)
                .region("ie1").edge("dublin").httpClient(fut.transport()).build();

        Account.fetcher(ac).fetch(regional);

        assertThat(twilio.requests()).singleElement().satisfies(
                r -> assertThat(r.getHeader(TwilioTransport.FORWARDED_HOST)).isEqualTo("api.dublin.ie1.twilio.com"));
    }

    @Test
    void monitorDateFiltersCarryTheirZone() {
        String ac = ac(0x505);
        twilio.stubFor(get(urlPathEqualTo("/v1/Alerts")).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, emptyV1Page("alerts"))));
        twilio.stubFor(get(urlPathEqualTo("/v1/Events")).withBasicAuth(ac, TOKEN)
                .willReturn(json(200, emptyV1Page("events"))));
        ZonedDateTime from = ZonedDateTime.of(2026, 12, 1, 8, 30, 0, 0, ZoneOffset.UTC);
        TwilioRestClient client = fut.clients().forAuthToken(ac, TOKEN);

        com.twilio.rest.monitor.v1.Alert.reader().setStartDate(from).setEndDate(from.plusDays(2)).firstPage(client);
        com.twilio.rest.monitor.v1.Event.reader().setStartDate(from).setEndDate(from.plusDays(2)).firstPage(client);

        // Documented as YYYY-MM-DDThh:mm:ssZ; twilio-java alone sends no zone.
        twilio.server().verify(getRequestedFor(urlPathEqualTo("/v1/Alerts"))
                .withQueryParam("StartDate", equalTo("2026-12-01T08:30:00Z"))
                .withQueryParam("EndDate", equalTo("2026-12-03T08:30:00Z")));
        twilio.server().verify(getRequestedFor(urlPathEqualTo("/v1/Events"))
                .withQueryParam("StartDate", equalTo("2026-12-01T08:30:00Z")));
    }

    @Test
    void theSdkCallSendsOneRequestEvenOn5xx() {
        String ac = ac(0x503);
        // An outage, for any credential as Twilio's outages are.
        twilio.stubFor(get(urlEqualTo(TwilioDouble.accountPath(ac))).willReturn(twilioError(500, 20500, "Internal")));

        assertThatThrownBy(() -> Account.fetcher(ac).fetch(fut.clients().forAuthToken(ac, TOKEN)))
                .isInstanceOf(ApiException.class);
        // HttpClient.reliableRequest would have sent 3 (RETRIES = 3, 100 ms apart).
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void nonGetRequestsKeepTheirFormBodyAndMethod() throws IOException {
        // Not WireMock: the suite asserts WireMock only ever sees GETs.
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " | "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " | "
                        + exchange.getRequestHeaders().getFirst(TwilioTransport.FORWARDED_HOST) + " | "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            boolean create = "POST".equals(exchange.getRequestMethod());
            byte[] body = (create ? "{\"sid\":\"" + sk(0x504) + "\",\"friendly_name\":\"rotated key\"}" : "")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(create ? 201 : 204, create ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String ac = ac(0x504);
        try (FacadeUnderTest local = FacadeUnderTest.create("http://127.0.0.1:" + server.getAddress().getPort())) {
            TwilioRestClient client = local.clients().forAuthToken(ac, TOKEN);

            NewKey created = NewKey.creator(ac).setFriendlyName("rotated key").create(client);
            boolean deleted = Key.deleter(ac, sk(0x504)).delete(client);

            assertThat(created.getSid()).isEqualTo(sk(0x504));
            assertThat(deleted).isTrue();
        } finally {
            server.stop(0);
        }
        assertThat(seen).containsExactly(
                "POST /2010-04-01/Accounts/" + ac + "/Keys.json | application/x-www-form-urlencoded; charset=UTF-8"
                        + " | api.twilio.com | FriendlyName=rotated+key",
                "DELETE /2010-04-01/Accounts/" + ac + "/Keys/" + sk(0x504)
                        + ".json | application/x-www-form-urlencoded;"
                        + " charset=UTF-8 | api.twilio.com | ");
    }

    @Test
    void withoutBaseUrlOnlyHttpsTwilioHostsAreReachable() {
        try (TwilioTransport real = new TwilioTransport(TwilioSettings.defaults())) {
            URI api = URI.create("https://api.twilio.com/2010-04-01/Accounts/" + ac(1) + ".json?x=1");
            assertThat(real.target(api)).isEqualTo(api);
            URI regional = URI.create("https://monitor.dublin.ie1.twilio.com/v1/Events");
            assertThat(real.target(regional)).isEqualTo(regional);

            // A forged next-page URL must not carry credentials off Twilio.
            assertThatThrownBy(() -> real.target(URI.create("https://api.twilio.com.evil.example/x")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> real.target(URI.create("http://api.twilio.com/x")))
                    .isInstanceOf(InvalidRequestException.class);
            Request forged = new Request(HttpMethod.GET, "https://evil.example/2010-04-01/Accounts.json");
            forged.setAuth(ac(1), TOKEN);
            assertThatThrownBy(() -> real.makeRequest(forged)).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void baseUrlWithAPathPrefixKeepsThePrefix() {
        try (TwilioTransport prefixed = new TwilioTransport(TwilioSettings.builder()
                .baseUrl("http://twilio.internal:8080/twilio/").build())) {
            assertThat(prefixed.target(URI.create("https://verify.twilio.com/v2/Services?PageSize=1")))
                    .isEqualTo(URI.create("http://twilio.internal:8080/twilio/v2/Services?PageSize=1"));
        }
    }

    @Test
    void thePoolFitsTheGlobalConcurrencyOnOneRoute() {
        try (TwilioTransport defaults = new TwilioTransport(TwilioSettings.defaults());
                TwilioTransport wide = new TwilioTransport(TwilioSettings.builder().globalConcurrency(64).build())) {
            assertThat(defaults.maxConnectionsPerRoute()).isEqualTo(20);
            assertThat(wide.maxConnectionsPerRoute()).isEqualTo(64);
        }
    }
}
