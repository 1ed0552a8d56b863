package io.leakresponder.usage;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Twilio-shaped pages for the usage sources, served by WireMock through the real twilio-java client: 2010 envelopes
 * with {@code next_page_uri}, Monitor v1 envelopes with {@code meta.next_page_url}. Fake data only.
 */
public final class FakeTwilio {

    /** A message body no table, CSV, Markdown or log may ever contain. */
    public static final String BODY_MARKER = "Body-that-must-never-be-stored-7f3a";

    private static final DateTimeFormatter RFC2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter QUERY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final WireMockServer server;

    public FakeTwilio(WireMockServer server) {
        this.server = server;
    }

    // ---- paths ----

    public static String messagesPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Messages.json";
    }

    static String callsPath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Calls.json";
    }

    public static String usagePath(String ac) {
        return "/2010-04-01/Accounts/" + ac + "/Usage/Records/Daily.json";
    }

    static final String ACCOUNTS_PATH = "/2010-04-01/Accounts.json";
    static final String EVENTS_PATH = "/v1/Events";
    static final String ALERTS_PATH = "/v1/Alerts";

    /** The SDK's form of a date-time query parameter (UTC, no zone). */
    static String query(Instant t) {
        return QUERY.format(t);
    }

    /** A Messages or Calls "on or before" filter covering {@code t}'s whole UTC day: the next midnight. */
    static String dayAfter(Instant t) {
        return query(t.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(java.time.Duration.ofDays(1)));
    }

    /** A Messages or Calls "on or after" filter covering {@code t}'s whole UTC day: its midnight. */
    static String dayOf(Instant t) {
        return query(t.truncatedTo(java.time.temporal.ChronoUnit.DAYS));
    }

    /** A Monitor date-time filter as documented: ISO 8601 in GMT, with its Z. */
    static String zoned(Instant t) {
        return query(t) + "Z";
    }

    // ---- records ----

    public static String message(String sid, String ac, String from, String to, String direction, Instant sent,
                          String price, int segments, Integer errorCode) {
        return "{\"account_sid\":\"" + ac + "\",\"api_version\":\"2010-04-01\",\"body\":\"" + BODY_MARKER + " "
                + sid + "\",\"date_created\":\"" + RFC2822.format(sent) + "\",\"date_sent\":\"" + RFC2822.format(sent)
                + "\",\"date_updated\":\"" + RFC2822.format(sent) + "\",\"direction\":\"" + direction
                + "\",\"error_code\":" + errorCode + ",\"error_message\":null,\"from\":\"" + from
                + "\",\"messaging_service_sid\":null,\"num_media\":\"0\",\"num_segments\":\"" + segments
                + "\",\"price\":" + (price == null ? "null" : "\"" + price + "\"")
                + ",\"price_unit\":\"USD\",\"sid\":\"" + sid + "\",\"status\":\"delivered\",\"subresource_uris\":{},"
                + "\"to\":\"" + to + "\",\"uri\":\"/2010-04-01/Accounts/" + ac + "/Messages/" + sid + ".json\"}";
    }

    static String call(String sid, String ac, String from, String to, String direction, Instant start,
                       int duration, String price) {
        return "{\"account_sid\":\"" + ac + "\",\"sid\":\"" + sid + "\",\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"direction\":\"" + direction + "\",\"status\":\"completed\",\"start_time\":\""
                + RFC2822.format(start) + "\",\"end_time\":\"" + RFC2822.format(start.plusSeconds(duration))
                + "\",\"date_created\":\"" + RFC2822.format(start) + "\",\"duration\":\"" + duration
                + "\",\"price\":\"" + price + "\",\"price_unit\":\"USD\",\"uri\":\"/x\"}";
    }

    public static String usage(String ac, String category, LocalDate day, String price) {
        return "{\"account_sid\":\"" + ac + "\",\"api_version\":\"2010-04-01\",\"as_of\":\"" + day + "T00:00:00+00:00\","
                + "\"category\":\"" + category + "\",\"count\":\"10\",\"count_unit\":\"messages\",\"description\":\""
                + category + " usage\",\"end_date\":\"" + day + "\",\"price\":\"" + price + "\",\"price_unit\":\"usd\","
                + "\"start_date\":\"" + day + "\",\"usage\":\"10\",\"usage_unit\":\"messages\",\"uri\":\"/x\","
                + "\"subresource_uris\":{}}";
    }

    static String event(String sid, String ac, String type, String ip, Instant at, String eventData) {
        return "{\"account_sid\":\"" + ac + "\",\"actor_sid\":\"US0123456789abcdef0123456789abcdef\","
                + "\"actor_type\":\"account\",\"description\":\"" + type + " by API\",\"event_data\":"
                + (eventData == null ? "null" : eventData) + ",\"event_date\":\"" + at + "\",\"event_type\":\""
                + type + "\",\"links\":{},\"resource_sid\":\"PN0123456789abcdef0123456789abcdef\",\"resource_type\":\""
                + type.substring(0, type.indexOf('.')) + "\",\"sid\":\"" + sid + "\",\"source\":\"api\","
                + "\"source_ip_address\":" + (ip == null ? "null" : "\"" + ip + "\"") + ",\"url\":\"https://monitor.twilio.com/v1/Events/"
                + sid + "\"}";
    }

    static String alert(String sid, String ac, String errorCode, String level, Instant at) {
        return "{\"account_sid\":\"" + ac + "\",\"alert_text\":\"Msg=" + BODY_MARKER + "&sourceComponent=14100\","
                + "\"api_version\":\"2010-04-01\",\"date_created\":\"" + at + "\",\"date_generated\":\"" + at
                + "\",\"date_updated\":\"" + at + "\",\"error_code\":\"" + errorCode + "\",\"log_level\":\"" + level
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + errorCode + "\",\"request_method\":\"POST\","
                + "\"request_url\":\"https://hook-user:hook-pass@hooks.example.com/sms?token=abc\",\"resource_sid\":"
                + "\"SM0123456789abcdef0123456789abcdef\",\"service_sid\":null,\"sid\":\"" + sid + "\","
                + "\"url\":\"https://monitor.twilio.com/v1/Alerts/" + sid + "\"}";
    }

    static String account(String sid, String owner, String name, Instant created, String authToken) {
        return "{\"auth_token\":\"" + authToken + "\",\"date_created\":\"" + RFC2822.format(created)
                + "\",\"date_updated\":\"" + RFC2822.format(created) + "\",\"friendly_name\":\"" + name
                + "\",\"owner_account_sid\":\"" + owner + "\",\"sid\":\"" + sid + "\",\"status\":\"active\","
                + "\"subresource_uris\":{},\"type\":\"Full\",\"uri\":\"/2010-04-01/Accounts/" + sid + ".json\"}";
    }

    // ---- pages and stubs ----

    /** A 2010 list page. */
    public static String page2010(String key, String path, List<String> items, int page, String nextPageUri) {
        return "{\"" + key + "\":[" + String.join(",", items) + "],\"uri\":\"" + path + "?PageSize=1000\","
                + "\"first_page_uri\":\"" + path + "?PageSize=1000&Page=0\",\"next_page_uri\":"
                + (nextPageUri == null ? "null" : "\"" + nextPageUri + "\"") + ",\"previous_page_uri\":null,"
                + "\"page\":" + page + ",\"page_size\":1000,\"start\":0,\"end\":" + items.size() + "}";
    }

    /** A Monitor v1 list page. */
    static String pageV1(String key, String path, List<String> items, int page, String nextPageUrl) {
        String url = "https://monitor.twilio.com" + path;
        return "{\"" + key + "\":[" + String.join(",", items) + "],\"meta\":{\"page\":" + page + ",\"page_size\":1000,"
                + "\"first_page_url\":\"" + url + "?PageSize=1000&Page=0\",\"previous_page_url\":null,\"url\":\"" + url
                + "?PageSize=1000&Page=" + page + "\",\"next_page_url\":"
                + (nextPageUrl == null ? "null" : "\"" + nextPageUrl + "\"") + ",\"key\":\"" + key + "\"}}";
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder tooManyRequests() {
        return json(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20429\",\"status\":429}");
    }

    /**
     * Serves {@code items} in pages of {@code perPage}: the first page where {@code firstPage} matches and no
     * PageToken is sent, each further one under {@code PageToken=<token>N}. As Twilio does, the pages answer only
     * the credentials of {@code readers} (at least one; their {@code accountSid} is not used, {@code path} says
     * whose records these are); others fall through to the refusal below them.
     *
     * @return the page tokens of pages 2.. in order, e.g. to stub a failure on one of them
     */
    public List<String> serve(String key, String path, boolean v1, List<String> items, int perPage, String token,
                       Map<String, String> firstPage, Access... readers) {
        if (readers.length == 0) {
            throw new IllegalArgumentException("a Twilio page answers only the credentials that may read it: name them");
        }
        List<String> tokens = new ArrayList<>();
        int pages = Math.max(1, (items.size() + perPage - 1) / perPage);
        for (int p = 0; p < pages; p++) {
            List<String> slice = items.subList(Math.min(items.size(), p * perPage),
                    Math.min(items.size(), (p + 1) * perPage));
            String nextToken = p + 1 < pages ? token + (p + 2) : null;
            String next = nextToken == null ? null
                    : v1 ? "https://monitor.twilio.com" + path + "?PageSize=1000&Page=" + (p + 1) + "&PageToken="
                            + nextToken
                    : path + "?PageSize=1000&Page=" + (p + 1) + "&PageToken=" + nextToken;
            String body = v1 ? pageV1(key, path, slice, p, next) : page2010(key, path, slice, p, next);
            int page = p;
            java.util.function.Supplier<MappingBuilder> stub = () -> {
                MappingBuilder m = get(urlPathEqualTo(path)).atPriority(5);
                if (page == 0) {
                    m = m.withQueryParam("PageToken", absent());
                    for (Map.Entry<String, String> q : firstPage.entrySet()) {
                        m = m.withQueryParam(q.getKey(), equalTo(q.getValue()));
                    }
                } else {
                    m = m.withQueryParam("PageToken", equalTo(token + (page + 1)));
                }
                return m;
            };
            if (p > 0) {
                tokens.add(token + (p + 1));
            }
            for (Access reader : readers) {
                server.stubFor(stub.get().withBasicAuth(reader.user(), reader.password()).willReturn(json(200, body)));
            }
        }
        return tokens;
    }

    /**
     * Who may read an account's usage sources: the account's own credential ({@link #own}, every source), or its
     * main account's Auth Token on the subaccount's 2010 paths ({@link #parent}; Monitor's v1 API reads only the
     * account the credential belongs to).
     */
    public record Access(String accountSid, String user, String password, boolean v1) {
        public static Access own(String accountSid, String user, String password) {
            return new Access(accountSid, user, password, true);
        }

        public static Access parent(String subaccountSid, String mainAccountSid, String mainToken) {
            return new Access(subaccountSid, mainAccountSid, mainToken, false);
        }
    }

    /**
     * Empty lists for every usage source, below the tests' own stubs and above the shared mock's 503, answered only
     * to the credentials given, as Twilio would; any other credential gets Twilio's 401/20003.
     */
    public void emptyByDefault(Access... accesses) {
        for (Access a : accesses) {
            for (String[] source : new String[][] {
                {messagesPath(a.accountSid()), "messages"},
                {callsPath(a.accountSid()), "calls"},
                {usagePath(a.accountSid()), "usage_records"}}) {
                server.stubFor(get(urlPathEqualTo(source[0])).atPriority(50).withBasicAuth(a.user(), a.password())
                        .willReturn(json(200, page2010(source[1], "/x", List.of(), 0, null))));
            }
            server.stubFor(get(urlPathEqualTo(ACCOUNTS_PATH)).atPriority(50).withBasicAuth(a.user(), a.password())
                    .willReturn(json(200, page2010("accounts", ACCOUNTS_PATH, List.of(), 0, null))));
            if (a.v1()) {
                server.stubFor(get(urlPathEqualTo(EVENTS_PATH)).atPriority(50).withBasicAuth(a.user(), a.password())
                        .willReturn(json(200, pageV1("events", EVENTS_PATH, List.of(), 0, null))));
                server.stubFor(get(urlPathEqualTo(ALERTS_PATH)).atPriority(50).withBasicAuth(a.user(), a.password())
                        .willReturn(json(200, pageV1("alerts", ALERTS_PATH, List.of(), 0, null))));
            }
        }
        for (String path : new String[] {"/2010-04-01/Accounts/AC[0-9a-f]{32}/(Messages|Calls)\\.json",
                "/2010-04-01/Accounts/AC[0-9a-f]{32}/Usage/Records/Daily\\.json", "/2010-04-01/Accounts\\.json",
                "/v1/(Events|Alerts)"}) {
            server.stubFor(get(urlPathMatching(path)).atPriority(60).willReturn(refused()));
        }
    }

    /** Twilio's refusal of a credential it does not accept for the resource: 401, code 20003. */
    static ResponseDefinitionBuilder refused() {
        return json(401, "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
    }

    /**
     * For a WireMock of its own (not the shared one, whose default is an outage): anything not stubbed is refused as
     * Twilio refuses a credential it does not accept, never WireMock's unmatched 404.
     */
    void refuseEverythingElse() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).atPriority(100).willReturn(refused()));
    }

    /** A SID of the given prefix: the prefix and 32 hex digits from {@code n}. */
    public static String sid(String prefix, long n) {
        return prefix + String.format("%032x", n);
    }
}
