package io.leakresponder.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator follows Twilio's documented answers: checked credentials, real rotation, filters and paging. */
class TwilioSimulatorTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final String AC = DemoAccounts.ACCOUNT_SID;
    static final String ACCOUNT_PATH = "/2010-04-01/Accounts/" + AC + ".json";
    static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + AC + "/Messages.json";

    final TwilioSimulator twilio = new TwilioSimulator(Clock.fixed(NOW, ZoneOffset.UTC));

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    TwilioSimulator.Reply get(String host, String path, Map<String, List<String>> query, String auth) {
        return twilio.handle("GET", host, path, query, Map.of(), auth);
    }

    TwilioSimulator.Reply post(String host, String path, Map<String, List<String>> form, String auth) {
        return twilio.handle("POST", host, path, Map.of(), form, auth);
    }

    TwilioSimulator.Reply deleteKey(String keySid, String auth) {
        return twilio.handle("DELETE", "api.twilio.com", "/2010-04-01/Accounts/" + AC + "/Keys/" + keySid + ".json",
                Map.of(), Map.of(), auth);
    }

    TwilioSimulator.Reply account(String user, String password) {
        return get("api.twilio.com", ACCOUNT_PATH, Map.of(), basic(user, password));
    }

    static void assertAuthenticateError(TwilioSimulator.Reply reply) {
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo(Map.of("code", 20003, "message", "Authenticate",
                "more_info", "https://www.twilio.com/docs/errors/20003", "status", 401));
    }

    @Test
    void credentialsAreCheckedNeverAccepted() {
        assertThat(account(AC, DemoAccounts.LIVE_AUTH_TOKEN).status()).isEqualTo(200);
        assertAuthenticateError(account(AC, DemoAccounts.REVOKED_AUTH_TOKEN));
        assertAuthenticateError(account(AC, "ffffffffffffffffffffffffffffffff"));
        assertAuthenticateError(get("api.twilio.com", ACCOUNT_PATH, Map.of(), null));
        assertAuthenticateError(
                get("api.twilio.com", ACCOUNT_PATH, Map.of(), "Bearer " + DemoAccounts.LIVE_AUTH_TOKEN));
        // Another account's path is refused even with a good credential.
        assertAuthenticateError(get("api.twilio.com", "/2010-04-01/Accounts/AC00000000000000000000000000000000.json",
                Map.of(), basic(AC, DemoAccounts.LIVE_AUTH_TOKEN)));
    }

    @Test
    void standardKeysReadMessagesButNotTheAccountMainKeysReadBoth() {
        String standard = basic(DemoAccounts.LEAKED_KEY_SID, DemoAccounts.LEAKED_KEY_SECRET);
        assertThat(get("api.twilio.com", MESSAGES_PATH, Map.of("PageSize", List.of("1")), standard).status())
                .isEqualTo(200);
        assertAuthenticateError(get("api.twilio.com", ACCOUNT_PATH, Map.of(), standard));
        assertThat(account(DemoAccounts.ADMIN_KEY_SID, DemoAccounts.ADMIN_KEY_SECRET).status()).isEqualTo(200);
        assertAuthenticateError(account(DemoAccounts.ADMIN_KEY_SID, DemoAccounts.LEAKED_KEY_SECRET));
    }

    @Test
    @SuppressWarnings("unchecked")
    void promotingTheSecondaryEndsTheOldPrimary() {
        String live = basic(AC, DemoAccounts.LIVE_AUTH_TOKEN);
        TwilioSimulator.Reply created = post("accounts.twilio.com", "/v1/AuthTokens/Secondary", Map.of(), live);
        assertThat(created.status()).isEqualTo(201);
        String secondary = (String) ((Map<String, Object>) created.body()).get("secondary_auth_token");
        assertThat(secondary).matches("[0-9a-f]{32}");
        // Both work until the promotion.
        assertThat(account(AC, secondary).status()).isEqualTo(200);
        assertThat(account(AC, DemoAccounts.LIVE_AUTH_TOKEN).status()).isEqualTo(200);
        TwilioSimulator.Reply promoted = post("accounts.twilio.com", "/v1/AuthTokens/Promote", Map.of(), live);
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(((Map<String, Object>) promoted.body()).get("auth_token")).isEqualTo(secondary);
        assertAuthenticateError(account(AC, DemoAccounts.LIVE_AUTH_TOKEN));
        assertThat(account(AC, secondary).status()).isEqualTo(200);
        // Nothing left to promote.
        assertThat(post("accounts.twilio.com", "/v1/AuthTokens/Promote", Map.of(), basic(AC, secondary)).status())
                .isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCreatedKeyWorksAndADeletedKeyNoLonger() {
        String admin = basic(DemoAccounts.ADMIN_KEY_SID, DemoAccounts.ADMIN_KEY_SECRET);
        TwilioSimulator.Reply created = post("api.twilio.com", "/2010-04-01/Accounts/" + AC + "/Keys.json",
                Map.of("FriendlyName", List.of("new")), admin);
        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> key = (Map<String, Object>) created.body();
        String sid = (String) key.get("sid");
        String secret = (String) key.get("secret");
        assertThat(get("api.twilio.com", MESSAGES_PATH, Map.of(), basic(sid, secret)).status()).isEqualTo(200);
        // Standard keys may not manage keys.
        assertAuthenticateError(deleteKey(DemoAccounts.ROGUE_KEY_SID, basic(sid, secret)));
        assertThat(deleteKey(DemoAccounts.LEAKED_KEY_SID, admin).status()).isEqualTo(204);
        assertAuthenticateError(get("api.twilio.com", MESSAGES_PATH, Map.of(),
                basic(DemoAccounts.LEAKED_KEY_SID, DemoAccounts.LEAKED_KEY_SECRET)));
        assertThat(deleteKey(DemoAccounts.LEAKED_KEY_SID, admin).status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dateFiltersSelectAndPagesChain() {
        String live = basic(AC, DemoAccounts.LIVE_AUTH_TOKEN);
        Map<String, Object> all = (Map<String, Object>) get("api.twilio.com", MESSAGES_PATH,
                Map.of("PageSize", List.of("1000")), live).body();
        int total = ((List<?>) all.get("messages")).size();
        assertThat(all.get("next_page_uri")).isNull();
        // The SDK's form: UTC without a zone.
        Map<String, Object> recent = (Map<String, Object>) get("api.twilio.com", MESSAGES_PATH,
                Map.of("DateSent>", List.of("2026-12-03T00:00:00"), "PageSize", List.of("1000")), live).body();
        List<Map<String, Object>> window = (List<Map<String, Object>>) recent.get("messages");
        assertThat(window).isNotEmpty().hasSizeLessThan(total);
        assertThat(window).anyMatch(m -> ((String) m.get("to")).startsWith("+252"));
        Map<String, Object> first = (Map<String, Object>) get("api.twilio.com", MESSAGES_PATH,
                Map.of("DateSent>", List.of("2026-12-03T00:00:00"), "PageSize", List.of("10")), live).body();
        assertThat((String) first.get("next_page_uri")).contains("Page=1").contains("PageToken=")
                .contains("DateSent%3E=2026-12-03T00%3A00%3A00");
        Map<String, Object> events = (Map<String, Object>) get("monitor.twilio.com", "/v1/Events",
                Map.of("StartDate", List.of("2026-12-01T00:00:00"), "EndDate", List.of("2026-12-06T12:00:00")),
                live).body();
        // The phone-number update of 15 days ago lies before StartDate; only the attacker's one is listed.
        assertThat((List<Map<String, Object>>) events.get("events")).extracting(e -> e.get("source_ip_address"))
                .containsOnly("198.51.100.23");
        assertThat((List<Map<String, Object>>) events.get("events")).extracting(e -> e.get("event_type"))
                .contains("api-key.created", "account.created", "phone-number.updated");
        assertThat(((Map<String, Object>) events.get("meta")).get("key")).isEqualTo("events");
    }

    @Test
    @SuppressWarnings("unchecked")
    void usageRecordsAreDailyForTheAskedDaysAndTheParentReachesItsSubaccount() {
        String admin = basic(DemoAccounts.ADMIN_KEY_SID, DemoAccounts.ADMIN_KEY_SECRET);
        Map<String, Object> page = (Map<String, Object>) get("api.twilio.com",
                "/2010-04-01/Accounts/" + AC + "/Usage/Records/Daily.json",
                Map.of("StartDate", List.of("2026-12-04"), "EndDate", List.of("2026-12-04")), admin).body();
        List<Map<String, Object>> records = (List<Map<String, Object>>) page.get("usage_records");
        assertThat(records).extracting(r -> r.get("category")).containsExactly("sms", "calls");
        assertThat(records).extracting(r -> r.get("start_date")).containsOnly("2026-12-04");
        // The attack day costs more than an ordinary one.
        assertThat(Double.parseDouble((String) records.get(0).get("price"))).isGreaterThan(1.0);
        String sub = "/2010-04-01/Accounts/" + DemoAccounts.SUBACCOUNT_SID + "/Messages.json";
        assertThat(get("api.twilio.com", sub, Map.of(), admin).status()).isEqualTo(200);
        // A subaccount's own token does not reach its parent.
        assertAuthenticateError(get("api.twilio.com", MESSAGES_PATH, Map.of(),
                basic(DemoAccounts.SUBACCOUNT_SID, DemoAccounts.SUBACCOUNT_AUTH_TOKEN)));
    }
}
