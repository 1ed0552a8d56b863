package io.leakresponder.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Twilio-shaped bodies for {@link TwilioDouble}, with obviously fake credentials: the JSON fixtures under
 * src/test/resources/twilio/ and the records, pages and write results of the endpoints this service calls.
 */
public final class TwilioFixtures {

    /** A fake auth token; tests grep logs and results for it. */
    public static final String TOKEN = "f00dfacef00dfacef00dfacef00dface";
    public static final String OTHER_TOKEN = "0badc0de0badc0de0badc0de0badc0de";
    public static final String KEY_SECRET = "5ec2e75ec2e75ec2e75ec2e75ec2e75e";
    /** The secondary token Twilio "creates"; promoted, it becomes the primary. */
    public static final String NEW_TOKEN = "5ec0da575ec0da575ec0da575ec0da57";
    /** The secret of a newly created API key. */
    public static final String NEW_KEY_SECRET = "c0ffee00c0ffee00c0ffee00c0ffee00";
    /** A subaccount's auth token, as Twilio's account listing shows it. */
    public static final String SUB_TOKEN = "5ab70ce05ab70ce05ab70ce05ab70ce0";
    /** A message body no table, CSV, Markdown or log may ever contain. */
    public static final String BODY_MARKER = "Body-that-must-never-be-stored-7f3a";

    private static final DateTimeFormatter RFC2822 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter QUERY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private TwilioFixtures() {
    }

    public static String ac(int n) {
        return sid("AC", n);
    }

    public static String sk(int n) {
        return sid("SK", n);
    }

    /** A SID of the given prefix: the prefix and 32 hex digits from {@code n}. */
    public static String sid(String prefix, long n) {
        return prefix + String.format("%032x", n);
    }

    /** A fixture file from src/test/resources/twilio/ with its {@code ${name}} placeholders filled. */
    public static String read(String name, Map<String, String> values) {
        String text;
        try (InputStream in = TwilioFixtures.class.getResourceAsStream("/twilio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture twilio/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException("fixture " + name + " has unfilled placeholders");
        }
        return text;
    }

    // ---- accounts ----

    /** An Account body; like Twilio's, it contains the auth token. */
    public static String account(String sid, String owner, String status, String type, String authToken) {
        return account(sid, owner, status, type, "Fixture account " + sid.substring(sid.length() - 4), authToken);
    }

    public static String account(String sid, String owner, String status, String type, String friendlyName,
            String authToken) {
        return read("account.json", Map.of("sid", sid, "owner", owner, "status", status, "type", type,
                "friendlyName", friendlyName, "authToken", authToken));
    }

    /** An account as listed; like Twilio's listing, it carries the account's auth token. */
    public static String listedAccount(String sid, String owner, String status, String friendlyName,
            String rfc2822Date, String authToken) {
        return """
                {"sid": "%s", "owner_account_sid": "%s", "status": "%s", "type": "Full", "friendly_name": "%s",
                 "auth_token": "%s", "date_created": "%s", "date_updated": "%s", "subresource_uris": {},
                 "uri": "/2010-04-01/Accounts/%s.json"}"""
                .formatted(sid, owner, status, friendlyName, authToken, rfc2822Date, rfc2822Date, sid);
    }

    /** An active account as listed, created at {@code created}. */
    public static String listedAccount(String sid, String owner, String name, Instant created, String authToken) {
        return listedAccount(sid, owner, "active", name, RFC2822.format(created), authToken);
    }

    /** The one page of {@code /2010-04-01/Accounts.json} listing these accounts. */
    public static String accountsPage(List<String> accounts) {
        return page2010("accounts", TwilioDouble.ACCOUNTS_PATH, accounts, 0, null);
    }

    public static String error(int status, int code, String message) {
        return read("error.json", Map.of("status", Integer.toString(status), "code", Integer.toString(code),
                "message", message));
    }

    // ---- Auth Tokens and keys ----

    public static String secondaryAuthToken(String ac, String token) {
        return """
                {"account_sid": "%s", "date_created": "2026-11-28T10:15:00Z", "date_updated": "2026-11-28T10:15:00Z",
                 "secondary_auth_token": "%s", "url": "https://accounts.twilio.com/v1/AuthTokens/Secondary"}
                """.formatted(ac, token);
    }

    public static String authTokenPromotion(String ac, String token) {
        return """
                {"account_sid": "%s", "auth_token": "%s", "date_created": "2015-07-30T20:00:00Z",
                 "date_updated": "2026-11-28T10:20:00Z", "url": "https://accounts.twilio.com/v1/AuthTokens"}
                """.formatted(ac, token);
    }

    public static String newKey(String sk, String friendlyName, String secret) {
        return """
                {"sid": "%s", "friendly_name": "%s", "date_created": "Sat, 28 Nov 2026 10:30:00 +0000",
                 "date_updated": "Sat, 28 Nov 2026 10:30:00 +0000", "secret": "%s"}
                """.formatted(sk, friendlyName, secret);
    }

    /** One key as listed: no secret. */
    public static String key(String sk, String friendlyName, String rfc2822Date) {
        return """
                {"sid": "%s", "friendly_name": "%s", "date_created": "%s", "date_updated": "%s"}"""
                .formatted(sk, friendlyName, rfc2822Date, rfc2822Date);
    }

    /** A 2010-style page of keys; {@code nextPageUri} null on the last page. */
    public static String keysPage(String ac, int page, List<String> keys, String nextPageUri) {
        return page2010("keys", TwilioDouble.keysPath(ac), keys, page, nextPageUri);
    }

    // ---- usage records ----

    /** The SDK's form of a date-time query parameter (UTC, no zone). */
    public static String query(Instant t) {
        return QUERY.format(t);
    }

    /** A Messages or Calls "on or before" filter covering {@code t}'s whole UTC day: the next midnight. */
    public static String dayAfter(Instant t) {
        return query(t.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
    }

    /** A Messages or Calls "on or after" filter covering {@code t}'s whole UTC day: its midnight. */
    public static String dayOf(Instant t) {
        return query(t.truncatedTo(ChronoUnit.DAYS));
    }

    /** A Monitor date-time filter as documented: ISO 8601 in GMT, with its Z. */
    public static String zoned(Instant t) {
        return query(t) + "Z";
    }

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

    /** The one-message page of the messages-page.json fixture. */
    public static String messagesPage(String ac) {
        return read("messages-page.json", Map.of("accountSid", ac));
    }

    public static String call(String sid, String ac, String from, String to, String direction, Instant start,
            int duration, String price) {
        return "{\"account_sid\":\"" + ac + "\",\"sid\":\"" + sid + "\",\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"direction\":\"" + direction + "\",\"status\":\"completed\",\"start_time\":\""
                + RFC2822.format(start) + "\",\"end_time\":\"" + RFC2822.format(start.plusSeconds(duration))
                + "\",\"date_created\":\"" + RFC2822.format(start) + "\",\"duration\":\"" + duration
                + "\",\"price\":\"" + price + "\",\"price_unit\":\"USD\",\"uri\":\"/x\"}";
    }

    public static String usage(String ac, String category, LocalDate day, String price) {
        return "{\"account_sid\":\"" + ac + "\",\"api_version\":\"2010-04-01\",\"as_of\":\"" + day
                + "T00:00:00+00:00\","
                + "\"category\":\"" + category + "\",\"count\":\"10\",\"count_unit\":\"messages\",\"description\":\""
                + category + " usage\",\"end_date\":\"" + day + "\",\"price\":\"" + price + "\",\"price_unit\":\"usd\","
                + "\"start_date\":\"" + day + "\",\"usage\":\"10\",\"usage_unit\":\"messages\",\"uri\":\"/x\","
                + "\"subresource_uris\":{}}";
    }

    public static String event(String sid, String ac, String type, String ip, Instant at, String eventData) {
        return "{\"account_sid\":\"" + ac + "\",\"actor_sid\":\"US0123456789abcdef0123456789abcdef\","
                + "\"actor_type\":\"account\",\"description\":\"" + type + " by API\",\"event_data\":"
                + (eventData == null ? "null" : eventData) + ",\"event_date\":\"" + at + "\",\"event_type\":\""
                + type + "\",\"links\":{},\"resource_sid\":\"PN0123456789abcdef0123456789abcdef\",\"resource_type\":\""
                + type.substring(0, type.indexOf('.')) + "\",\"sid\":\"" + sid + "\",\"source\":\"api\","
                + "\"source_ip_address\":" + (ip == null ? "null" : "\"" + ip + "\"")
                + ",\"url\":\"https://monitor.twilio.com/v1/Events/"
                + sid + "\"}";
    }

    public static String alert(String sid, String ac, String errorCode, String level, Instant at) {
        return "{\"account_sid\":\"" + ac + "\",\"alert_text\":\"Msg=" + BODY_MARKER + "&sourceComponent=14100\","
                + "\"api_version\":\"2010-04-01\",\"date_created\":\"" + at + "\",\"date_generated\":\"" + at
                + "\",\"date_updated\":\"" + at + "\",\"error_code\":\"" + errorCode + "\",\"log_level\":\"" + level
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + errorCode
                + "\",\"request_method\":\"POST\","
                + "\"request_url\":\"https://hook-user:hook-pass@hooks.example.com/sms?token=abc\",\"resource_sid\":"
                + "\"SM0123456789abcdef0123456789abcdef\",\"service_sid\":null,\"sid\":\"" + sid + "\","
                + "\"url\":\"https://monitor.twilio.com/v1/Alerts/" + sid + "\"}";
    }

    // ---- pages ----

    /** A 2010 list page. */
    public static String page2010(String key, String path, List<String> items, int page, String nextPageUri) {
        return "{\"" + key + "\":[" + String.join(",", items) + "],\"uri\":\"" + path + "?PageSize=1000\","
                + "\"first_page_uri\":\"" + path + "?PageSize=1000&Page=0\",\"next_page_uri\":"
                + (nextPageUri == null ? "null" : "\"" + nextPageUri + "\"") + ",\"previous_page_uri\":null,"
                + "\"page\":" + page + ",\"page_size\":1000,\"start\":0,\"end\":" + items.size() + "}";
    }

    /** A v1 list page (Monitor, Accounts v1, IAM, Verify) on {@code host}. */
    public static String pageV1(String host, String key, String path, List<String> items, int page,
            String nextPageUrl) {
        String url = "https://" + host + path;
        return "{\"" + key + "\":[" + String.join(",", items) + "],\"meta\":{\"page\":" + page + ",\"page_size\":1000,"
                + "\"first_page_url\":\"" + url + "?PageSize=1000&Page=0\",\"previous_page_url\":null,\"url\":\"" + url
                + "?PageSize=1000&Page=" + page + "\",\"next_page_url\":"
                + (nextPageUrl == null ? "null" : "\"" + nextPageUrl + "\"") + ",\"key\":\"" + key + "\"}}";
    }

    /** A Monitor v1 list page. */
    public static String pageV1(String key, String path, List<String> items, int page, String nextPageUrl) {
        return pageV1("monitor.twilio.com", key, path, items, page, nextPageUrl);
    }
}
