package io.leakresponder.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, stateful stand-in for the parts of Twilio's REST API this service calls, for the demo only.
 *
 * <p>It follows Twilio's documented behaviour: HTTP Basic with an Account SID and its primary or secondary Auth
 * Token, or an API key SID and its secret; a wrong, revoked or deleted credential gets 401 with code 20003; Standard
 * keys may not read the account, keys or subaccounts, nor rotate tokens; promoting the secondary Auth Token deletes
 * the old primary at once; list pages use the 2010 envelope ({@code next_page_uri}) or the v1 one
 * ({@code meta.next_page_url}); date filters select what they name. Messages, calls, usage records, Monitor events
 * and alerts are generated relative to the moment of {@link #reset}, with some misuse inside the last days.
 * Plain Java without Quarkus, so it is unit-tested directly; the HTTP side is {@link SimulatorRoutes}.
 */
final class TwilioSimulator {

    /** What the simulator answers: an HTTP status and a JSON body (a map or list), or null for no body. */
    record Reply(int status, Object body) {
    }

    static final String FROM_NUMBER = "+15005550006";
    private static final DateTimeFormatter RFC2822 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final ObjectMapper EVENT_DATA = new ObjectMapper();

    private static final Pattern ACCOUNT = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})\\.json");
    private static final Pattern ACCOUNT_LIST = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})/"
            + "(Messages|Calls|Keys|Usage/Records/Daily)\\.json");
    private static final Pattern KEY = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})/Keys/(SK[0-9a-zA-Z]{32})\\.json");
    private static final Pattern SIGNING_KEYS = Pattern
            .compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})/SigningKeys\\.json");
    private static final Pattern IAM_KEY = Pattern.compile("/v1/Keys/(SK[0-9a-zA-Z]{32})");

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** One account of the simulated Twilio; its tokens are compared, never printed. */
    private static final class Account {
        final String sid;
        final String owner;
        final String friendlyName;
        final Instant created;
        String primary;
        String secondary;
        Instant secondaryCreated;
        Instant updated;

        Account(String sid, String owner, String friendlyName, Instant created, String primary) {
            this.sid = sid;
            this.owner = owner;
            this.friendlyName = friendlyName;
            this.created = created;
            this.updated = created;
            this.primary = primary;
        }

        @Override
        public String toString() {
            return "Account[" + sid + "]";
        }
    }

    /** An API key; Main keys act like the Auth Token, Standard keys may not manage the account. */
    private record Key(String sid, String accountSid, String friendlyName, String secret, boolean main,
            Instant created) {
        @Override
        public String toString() {
            return "Key[" + sid + "]";
        }
    }

    /** Who a request authenticated as. */
    private record Principal(Account account, Key key) {
        boolean standardKey() {
            return key != null && !key.main();
        }
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> messages = new TreeMap<>();
    private final Map<String, List<Map<String, Object>>> calls = new TreeMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final List<Map<String, Object>> alerts = new ArrayList<>();
    private Instant seededAt;

    TwilioSimulator(Clock clock) {
        this.clock = clock;
        reset();
    }

    /** Back to the demo's starting state, with traffic generated relative to now. */
    synchronized void reset() {
        accounts.clear();
        keys.clear();
        messages.clear();
        calls.clear();
        events.clear();
        alerts.clear();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        seededAt = now;
        Instant longAgo = now.minus(400, ChronoUnit.DAYS);
        Instant twoDaysAgo = now.minus(2, ChronoUnit.DAYS).minus(3, ChronoUnit.HOURS);
        accounts.put(DemoAccounts.ACCOUNT_SID, new Account(DemoAccounts.ACCOUNT_SID, DemoAccounts.ACCOUNT_SID,
                "Demo Corp (simulated)", longAgo, DemoAccounts.LIVE_AUTH_TOKEN));
        accounts.put(DemoAccounts.SUBACCOUNT_SID, new Account(DemoAccounts.SUBACCOUNT_SID, DemoAccounts.ACCOUNT_SID,
                "bulk-sender", twoDaysAgo, DemoAccounts.SUBACCOUNT_AUTH_TOKEN));
        keys.put(DemoAccounts.LEAKED_KEY_SID, new Key(DemoAccounts.LEAKED_KEY_SID, DemoAccounts.ACCOUNT_SID,
                "web app notifications", DemoAccounts.LEAKED_KEY_SECRET, false, longAgo.plus(30, ChronoUnit.DAYS)));
        keys.put(DemoAccounts.ADMIN_KEY_SID, new Key(DemoAccounts.ADMIN_KEY_SID, DemoAccounts.ACCOUNT_SID,
                "security team (main key)", DemoAccounts.ADMIN_KEY_SECRET, true, longAgo.plus(60, ChronoUnit.DAYS)));
        keys.put(DemoAccounts.ROGUE_KEY_SID, new Key(DemoAccounts.ROGUE_KEY_SID, DemoAccounts.ACCOUNT_SID,
                "tmp", DemoAccounts.ROGUE_KEY_SECRET, false, twoDaysAgo.plus(10, ChronoUnit.MINUTES)));
        generateTraffic(now, twoDaysAgo);
    }

    private void generateTraffic(Instant now, Instant attackStart) {
        String ac = DemoAccounts.ACCOUNT_SID;
        List<Map<String, Object>> msgs = new ArrayList<>();
        List<Map<String, Object>> cls = new ArrayList<>();
        int n = 0;
        // Three weeks of ordinary traffic to US numbers: the baseline, and the window's normal share.
        for (int day = 20; day >= 0; day--) {
            Instant base = now.truncatedTo(ChronoUnit.DAYS).minus(day, ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);
            for (int i = 0; i < 3; i++) {
                Instant sent = base.plus(i * 3L, ChronoUnit.HOURS);
                if (sent.isBefore(now)) {
                    msgs.add(message(ac, ++n, "+1415555" + String.format("%04d", 100 + i), sent, "-0.0079", null));
                }
            }
            Instant call = base.plus(5, ChronoUnit.HOURS);
            if (day % 2 == 0 && call.isBefore(now)) {
                cls.add(call(ac, ++n, "+1415555" + String.format("%04d", 200 + day), call, 62, "-0.0140"));
            }
        }
        // The misuse: a burst of messages to Somalia and Latvia, and calls to Somalia, from an attacker's script.
        for (int i = 0; i < 24; i++) {
            Instant sent = attackStart.plus(20L + i * 7L, ChronoUnit.MINUTES);
            String to = i % 3 == 2
                    ? "+3712" + String.format("%07d", 1_234_500 + i)
                    : "+25261" + String.format("%07d", 7_000_100 + i);
            msgs.add(message(ac, ++n, to, sent, i % 3 == 2 ? "-0.1130" : "-0.2960", i % 8 == 7 ? 30007 : null));
        }
        for (int i = 0; i < 4; i++) {
            cls.add(call(ac, ++n, "+25261" + String.format("%07d", 7_100_000 + i),
                    attackStart.plus(40L + i * 11L, ChronoUnit.MINUTES), 540, "-4.2100"));
        }
        messages.put(ac, msgs);
        calls.put(ac, cls);
        // The subaccount the attacker made sends too.
        List<Map<String, Object>> subMsgs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            subMsgs.add(message(DemoAccounts.SUBACCOUNT_SID, ++n, "+25261" + String.format("%07d", 7_200_000 + i),
                    attackStart.plus(90L + i, ChronoUnit.MINUTES), "-0.2960", null));
        }
        messages.put(DemoAccounts.SUBACCOUNT_SID, subMsgs);
        calls.put(DemoAccounts.SUBACCOUNT_SID, new ArrayList<>());

        events.add(event(++n, ac, "account.created", "account", DemoAccounts.SUBACCOUNT_SID,
                attackStart.plus(5, ChronoUnit.MINUTES), "198.51.100.23", "{\"friendly_name\":\"bulk-sender\"}"));
        events.add(event(++n, ac, "api-key.created", "api-key", DemoAccounts.ROGUE_KEY_SID,
                attackStart.plus(10, ChronoUnit.MINUTES), "198.51.100.23", "{\"friendly_name\":\"tmp\"}"));
        events.add(event(++n, ac, "phone-number.updated", "phone-number", "PNdec0de00000000000000000000000001",
                attackStart.plus(15, ChronoUnit.MINUTES), "198.51.100.23",
                "{\"updated\":{\"sms_url\":\"redacted\"},\"previous\":{\"sms_url\":\"redacted\"}}"));
        events.add(event(++n, ac, "phone-number.updated", "phone-number", "PNdec0de00000000000000000000000001",
                now.minus(15, ChronoUnit.DAYS), "203.0.113.10", "{\"updated\":{\"voice_url\":\"redacted\"}}"));
        for (int i = 0; i < 3; i++) {
            alerts.add(alert(++n, ac, "30007", "warning", attackStart.plus(30L + i * 20L, ChronoUnit.MINUTES)));
        }
    }

    // ---- dispatch ----

    /**
     * Answers one request.
     *
     * @param host          the Twilio host meant ({@code X-Forwarded-Host}), or null to go by the path alone
     * @param query         decoded query parameters
     * @param form          decoded form parameters of a POST
     * @param authorization the Authorization header, or null
     */
    synchronized Reply handle(String method, String host, String path, Map<String, List<String>> query,
            Map<String, List<String>> form, String authorization) {
        String product = host == null ? null : host.toLowerCase(Locale.ROOT).replaceFirst("\\.twilio\\.com$", "");
        Principal who = authenticate(authorization);
        if (who == null) {
            return authenticate();
        }
        Matcher m;
        if (path.startsWith("/2010-04-01/") && expect(product, "api")) {
            if ((m = ACCOUNT.matcher(path)).matches() && "GET".equals(method)) {
                return fetchAccount(who, m.group(1));
            }
            if ("/2010-04-01/Accounts.json".equals(path) && "GET".equals(method)) {
                return listAccounts(who, path, query);
            }
            if ((m = KEY.matcher(path)).matches() && "DELETE".equals(method)) {
                return deleteKey(who, m.group(1), m.group(2));
            }
            if ((m = ACCOUNT_LIST.matcher(path)).matches()) {
                return accountList(who, method, m.group(1), m.group(2), path, query, form);
            }
            if ((m = SIGNING_KEYS.matcher(path)).matches() && "GET".equals(method)) {
                // The demo account has no signing keys; the list is read like any other (Main key or token).
                Account a = reachable(who, m.group(1));
                return a == null || who.standardKey()
                        ? authenticate()
                        : page2010("signing_keys", path, List.of(), query);
            }
        } else if ("/v1/Keys".equals(path) && expect(product, "iam") && "GET".equals(method)) {
            // The IAM API lists the same keys as the 2010 API (restricted keys too; the demo has none).
            String accountSid = first(query, "AccountSid");
            if (accountSid == null) {
                return error(400, 20001, "Missing required parameter AccountSid");
            }
            Account a = reachable(who, accountSid);
            if (a == null || who.standardKey()) {
                return authenticate();
            }
            List<Map<String, Object>> all = keys.values().stream().filter(k -> k.accountSid().equals(a.sid))
                    .map(k -> {
                        Map<String, Object> json = keyJson(k);
                        json.put("date_created", iso(k.created()));
                        json.put("date_updated", iso(k.created()));
                        json.put("flags", List.of());
                        return json;
                    }).toList();
            return pageV1("iam", "keys", path, all, query);
        } else if ((m = IAM_KEY.matcher(path)).matches() && expect(product, "iam") && "DELETE".equals(method)) {
            Key key = keys.get(m.group(1));
            return key == null ? notFound(path) : deleteKey(who, key.accountSid(), key.sid());
        } else if (path.startsWith("/v1/AuthTokens/") && expect(product, "accounts")) {
            return authTokens(who, method, path);
        } else if (("/v1/Events".equals(path) || "/v1/Alerts".equals(path)) && expect(product, "monitor")
                && "GET".equals(method)) {
            boolean isEvents = path.endsWith("Events");
            List<Map<String, Object>> all = isEvents ? events : alerts;
            String field = isEvents ? "event_date" : "date_generated";
            Instant from = dateTime(first(query, "StartDate"));
            Instant to = dateTime(first(query, "EndDate"));
            List<Map<String, Object>> selected = all.stream()
                    .filter(r -> who.account().sid.equals(r.get("account_sid")))
                    .filter(r -> within(Instant.parse((String) r.get(field)), from, to))
                    .toList();
            return pageV1("monitor", isEvents ? "events" : "alerts", path, selected, query);
        } else if ("/v2/Services".equals(path) && expect(product, "verify") && "GET".equals(method)) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("sid", "VAdec0de000000000000000000000000e1");
            service.put("account_sid", who.account().sid);
            service.put("friendly_name", "Demo sign-in codes");
            service.put("code_length", 6);
            service.put("date_created", iso(who.account().created));
            service.put("date_updated", iso(who.account().created));
            return pageV1("verify", "services", path, List.of(service), query);
        }
        return notFound(path);
    }

    private static boolean expect(String product, String wanted) {
        return product == null || product.equals(wanted);
    }

    // ---- authentication ----

    private Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            byte[] raw = Base64.getDecoder().decode(authorization.substring(6).strip());
            decoded = new String(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Account account = accounts.get(user);
        if (account != null) {
            boolean ok = equal(password, account.primary) || equal(password, account.secondary);
            return ok ? new Principal(account, null) : null;
        }
        Key key = keys.get(user);
        if (key != null && equal(password, key.secret())) {
            return new Principal(accounts.get(key.accountSid()), key);
        }
        return null;
    }

    private static boolean equal(String given, String expected) {
        return expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the principal may act on this account: itself, or a subaccount it owns. */
    private Account reachable(Principal who, String accountSid) {
        Account target = accounts.get(accountSid);
        if (target == null) {
            return null;
        }
        return target.sid.equals(who.account().sid) || target.owner.equals(who.account().sid) ? target : null;
    }

    // ---- 2010 API ----

    private Reply fetchAccount(Principal who, String accountSid) {
        if (who.standardKey()) {
            return authenticate(); // Standard keys are refused on /Accounts
        }
        Account a = reachable(who, accountSid);
        return a == null ? authenticate() : new Reply(200, accountJson(a));
    }

    private Reply listAccounts(Principal who, String path, Map<String, List<String>> query) {
        if (who.standardKey()) {
            return authenticate();
        }
        List<Map<String, Object>> all = accounts.values().stream()
                .filter(a -> a.sid.equals(who.account().sid) || a.owner.equals(who.account().sid))
                .map(this::accountJson).toList();
        return page2010("accounts", path, all, query);
    }

    private Reply accountList(Principal who, String method, String accountSid, String what, String path,
            Map<String, List<String>> query, Map<String, List<String>> form) {
        Account a = reachable(who, accountSid);
        if (a == null) {
            return authenticate();
        }
        switch (what) {
            case "Keys" -> {
                if (who.standardKey()) {
                    return authenticate(); // key management needs the Auth Token or a Main key
                }
                if ("POST".equals(method)) {
                    return createKey(a, first(form, "FriendlyName"));
                }
                if ("GET".equals(method)) {
                    List<Map<String, Object>> all = keys.values().stream().filter(k -> k.accountSid().equals(a.sid))
                            .map(TwilioSimulator::keyJson).toList();
                    return page2010("keys", path, all, query);
                }
            }
            case "Messages" -> {
                if ("GET".equals(method)) {
                    Instant from = dateTime(first(query, "DateSent>"));
                    Instant to = dateTime(first(query, "DateSent<"));
                    Predicate<Map<String, Object>> in = r -> within(rfc2822((String) r.get("date_sent")), from, to);
                    return page2010("messages", path, filtered(messages.get(a.sid), in), query);
                }
            }
            case "Calls" -> {
                if ("GET".equals(method)) {
                    Instant from = dateTime(first(query, "StartTime>"));
                    Instant to = dateTime(first(query, "StartTime<"));
                    Predicate<Map<String, Object>> in = r -> within(rfc2822((String) r.get("start_time")), from, to);
                    return page2010("calls", path, filtered(calls.get(a.sid), in), query);
                }
            }
            default -> {
                if ("GET".equals(method)) {
                    return page2010("usage_records", path, dailyUsage(a.sid, query), query);
                }
            }
        }
        return notFound(path);
    }

    private Reply createKey(Account a, String friendlyName) {
        if (friendlyName != null && friendlyName.length() > 64) {
            return error(400, 21623, "FriendlyName is too long");
        }
        String sid = "SK" + HexFormat.of().formatHex(bytes(16));
        String secret = alphanumeric(32);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Key key = new Key(sid, a.sid, friendlyName == null ? sid : friendlyName, secret, false, now);
        keys.put(sid, key);
        events.add(event(events.size() + 1000, a.sid, "api-key.created", "api-key", sid, now, "127.0.0.1",
                "{\"friendly_name\":\"redacted\"}"));
        Map<String, Object> body = keyJson(key);
        body.put("secret", secret);
        return new Reply(201, body);
    }

    private Reply deleteKey(Principal who, String accountSid, String keySid) {
        if (who.standardKey()) {
            return authenticate();
        }
        Account a = reachable(who, accountSid);
        if (a == null) {
            return authenticate();
        }
        Key key = keys.get(keySid);
        if (key == null || !key.accountSid().equals(a.sid)) {
            return notFound("/2010-04-01/Accounts/" + accountSid + "/Keys/" + keySid + ".json");
        }
        keys.remove(keySid);
        events.add(event(events.size() + 1000, a.sid, "api-key.deleted", "api-key", keySid,
                clock.instant().truncatedTo(ChronoUnit.SECONDS), "127.0.0.1", null));
        return new Reply(204, null);
    }

    /** Daily usage of sms and calls per day of the requested range, summed from the generated traffic. */
    private List<Map<String, Object>> dailyUsage(String accountSid, Map<String, List<String>> query) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate start = date(first(query, "StartDate"), today.minusDays(30));
        LocalDate end = date(first(query, "EndDate"), today);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
            LocalDate d = day;
            List<Map<String, Object>> sms = messages.getOrDefault(accountSid, List.of()).stream()
                    .filter(r -> LocalDate.ofInstant(rfc2822((String) r.get("date_sent")), ZoneOffset.UTC).equals(d))
                    .toList();
            List<Map<String, Object>> voice = calls.getOrDefault(accountSid, List.of()).stream()
                    .filter(r -> LocalDate.ofInstant(rfc2822((String) r.get("start_time")), ZoneOffset.UTC).equals(d))
                    .toList();
            rows.add(usage(accountSid, d, "sms", "SMS", sms.size(), "messages", sum(sms)));
            int minutes = voice.stream().mapToInt(r -> (Integer.parseInt((String) r.get("duration")) + 59) / 60).sum();
            rows.add(usage(accountSid, d, "calls", "Voice Minutes", minutes, "minutes", sum(voice)));
        }
        return rows;
    }

    private static String sum(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> new BigDecimal((String) r.get("price")).negate())
                .reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString();
    }

    // ---- accounts v1: Auth Token rotation ----

    private Reply authTokens(Principal who, String method, String path) {
        if (who.standardKey()) {
            return authenticate();
        }
        Account a = who.account();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if ("/v1/AuthTokens/Secondary".equals(path) && "POST".equals(method)) {
            a.secondary = HexFormat.of().formatHex(bytes(16));
            a.secondaryCreated = now;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("account_sid", a.sid);
            body.put("date_created", iso(now));
            body.put("date_updated", iso(now));
            body.put("secondary_auth_token", a.secondary);
            body.put("url", "https://accounts.twilio.com/v1/AuthTokens/Secondary");
            return new Reply(201, body);
        }
        if ("/v1/AuthTokens/Secondary".equals(path) && "DELETE".equals(method)) {
            if (a.secondary == null) {
                return notFound(path);
            }
            a.secondary = null;
            a.secondaryCreated = null;
            return new Reply(204, null);
        }
        if ("/v1/AuthTokens/Promote".equals(path) && "POST".equals(method)) {
            if (a.secondary == null) {
                return notFound(path);
            }
            // The old primary is deleted at once: from now on it gets 401/20003.
            a.primary = a.secondary;
            a.secondary = null;
            a.secondaryCreated = null;
            a.updated = now;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("account_sid", a.sid);
            body.put("auth_token", a.primary);
            body.put("date_created", iso(a.created));
            body.put("date_updated", iso(now));
            body.put("url", "https://accounts.twilio.com/v1/AuthTokens");
            return new Reply(200, body);
        }
        return notFound(path);
    }

    // ---- envelopes ----

    private Reply page2010(String key, String path, List<Map<String, Object>> all, Map<String, List<String>> query) {
        int size = pageSize(query);
        int page = Math.max(0, integer(first(query, "Page"), 0));
        int from = Math.min(all.size(), page * size);
        int to = Math.min(all.size(), from + size);
        String filters = filters(query);
        String base = path + "?" + filters + "PageSize=" + size;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, all.subList(from, to));
        body.put("end", Math.max(from, to - 1));
        body.put("first_page_uri", base + "&Page=0");
        body.put("next_page_uri", to < all.size() ? base + "&Page=" + (page + 1) + "&PageToken=PA" + (page + 1) : null);
        body.put("page", page);
        body.put("page_size", size);
        body.put("previous_page_uri", page > 0 ? base + "&Page=" + (page - 1) + "&PageToken=PB" + (page - 1) : null);
        body.put("start", from);
        body.put("uri", base + "&Page=" + page);
        return new Reply(200, body);
    }

    private Reply pageV1(String product, String key, String path, List<Map<String, Object>> all,
            Map<String, List<String>> query) {
        int size = pageSize(query);
        int page = Math.max(0, integer(first(query, "Page"), 0));
        int from = Math.min(all.size(), page * size);
        int to = Math.min(all.size(), from + size);
        String base = "https://" + product + ".twilio.com" + path + "?" + filters(query) + "PageSize=" + size;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("page", page);
        meta.put("page_size", size);
        meta.put("first_page_url", base + "&Page=0");
        meta.put("previous_page_url", page > 0 ? base + "&Page=" + (page - 1) + "&PageToken=PB" + (page - 1) : null);
        meta.put("url", base + "&Page=" + page);
        meta.put("next_page_url", to < all.size() ? base + "&Page=" + (page + 1) + "&PageToken=PA" + (page + 1) : null);
        meta.put("key", key);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, all.subList(from, to));
        body.put("meta", meta);
        return new Reply(200, body);
    }

    /** The request's filters, kept on every page link as Twilio does. */
    private static String filters(Map<String, List<String>> query) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, List<String>> q : new TreeMap<>(query).entrySet()) {
            if (q.getKey().equals("Page") || q.getKey().equals("PageSize") || q.getKey().equals("PageToken")) {
                continue;
            }
            for (String v : q.getValue()) {
                s.append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        }
        return s.toString();
    }

    private static int pageSize(Map<String, List<String>> query) {
        return Math.max(1, Math.min(MAX_PAGE_SIZE, integer(first(query, "PageSize"), DEFAULT_PAGE_SIZE)));
    }

    static Reply authenticate() {
        return error(401, 20003, "Authenticate");
    }

    private static Reply notFound(String path) {
        return error(404, 20404, "The requested resource " + path + " was not found");
    }

    private static Reply error(int status, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", status);
        return new Reply(status, body);
    }

    // ---- resources ----

    private Map<String, Object> accountJson(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        // Twilio returns the account's token with it; the service drops it unread, and so do logs here.
        m.put("auth_token", a.primary);
        m.put("date_created", RFC2822.format(a.created));
        m.put("date_updated", RFC2822.format(a.updated));
        m.put("friendly_name", a.friendlyName);
        m.put("owner_account_sid", a.owner);
        m.put("sid", a.sid);
        m.put("status", "active");
        m.put("subresource_uris", Map.of());
        m.put("type", "Full");
        m.put("uri", "/2010-04-01/Accounts/" + a.sid + ".json");
        return m;
    }

    private static Map<String, Object> keyJson(Key k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sid", k.sid());
        m.put("friendly_name", k.friendlyName());
        m.put("date_created", RFC2822.format(k.created()));
        m.put("date_updated", RFC2822.format(k.created()));
        return m;
    }

    private static Map<String, Object> message(String ac, int n, String to, Instant sent, String price, Integer error) {
        String sid = "SM" + String.format("dec0de%026x", n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account_sid", ac);
        m.put("api_version", "2010-04-01");
        m.put("body", "Your Demo Corp code is " + (100000 + n * 7919 % 900000));
        m.put("date_created", RFC2822.format(sent));
        m.put("date_sent", RFC2822.format(sent));
        m.put("date_updated", RFC2822.format(sent));
        m.put("direction", "outbound-api");
        m.put("error_code", error);
        m.put("error_message", null);
        m.put("from", FROM_NUMBER);
        m.put("messaging_service_sid", null);
        m.put("num_media", "0");
        m.put("num_segments", "1");
        m.put("price", price);
        m.put("price_unit", "USD");
        m.put("sid", sid);
        m.put("status", error == null ? "delivered" : "undelivered");
        m.put("subresource_uris", Map.of());
        m.put("to", to);
        m.put("uri", "/2010-04-01/Accounts/" + ac + "/Messages/" + sid + ".json");
        return m;
    }

    private static Map<String, Object> call(String ac, int n, String to, Instant start, int duration, String price) {
        String sid = "CA" + String.format("dec0de%026x", n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account_sid", ac);
        m.put("date_created", RFC2822.format(start));
        m.put("direction", "outbound-api");
        m.put("duration", String.valueOf(duration));
        m.put("end_time", RFC2822.format(start.plusSeconds(duration)));
        m.put("from", FROM_NUMBER);
        m.put("price", price);
        m.put("price_unit", "USD");
        m.put("sid", sid);
        m.put("start_time", RFC2822.format(start));
        m.put("status", "completed");
        m.put("to", to);
        m.put("uri", "/2010-04-01/Accounts/" + ac + "/Calls/" + sid + ".json");
        return m;
    }

    private static Map<String, Object> usage(String ac, LocalDate day, String category, String description, int count,
            String unit, String price) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account_sid", ac);
        m.put("api_version", "2010-04-01");
        m.put("as_of", day + "T23:59:59+00:00");
        m.put("category", category);
        m.put("count", String.valueOf(count));
        m.put("count_unit", unit);
        m.put("description", description);
        m.put("end_date", day.toString());
        m.put("price", price);
        m.put("price_unit", "usd");
        m.put("start_date", day.toString());
        m.put("subresource_uris", Map.of());
        m.put("uri", "/2010-04-01/Accounts/" + ac + "/Usage/Records/Daily.json?Category=" + category);
        m.put("usage", String.valueOf(count));
        m.put("usage_unit", unit);
        return m;
    }

    private static Map<String, Object> event(int n, String ac, String type, String resourceType, String resourceSid,
            Instant at, String ip, String eventData) {
        String sid = "AE" + String.format("dec0de%026x", n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account_sid", ac);
        m.put("actor_sid", ac);
        m.put("actor_type", "account");
        m.put("description", type + " by API");
        m.put("event_data", eventData == null ? null : parseFlat(eventData));
        m.put("event_date", iso(at));
        m.put("event_type", type);
        m.put("links", Map.of());
        m.put("resource_sid", resourceSid);
        m.put("resource_type", resourceType);
        m.put("sid", sid);
        m.put("source", "api");
        m.put("source_ip_address", ip);
        m.put("url", "https://monitor.twilio.com/v1/Events/" + sid);
        return m;
    }

    /** The few event_data shapes above, as maps (no JSON library needed for constants). */
    private static Object parseFlat(String json) {
        try {
            return EVENT_DATA.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad demo event data", e);
        }
    }

    private static Map<String, Object> alert(int n, String ac, String errorCode, String level, Instant at) {
        String sid = "NO" + String.format("dec0de%026x", n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account_sid", ac);
        m.put("alert_text", "Msg=Message+filtered&sourceComponent=14100");
        m.put("api_version", "2010-04-01");
        m.put("date_created", iso(at));
        m.put("date_generated", iso(at));
        m.put("date_updated", iso(at));
        m.put("error_code", errorCode);
        m.put("log_level", level);
        m.put("more_info", "https://www.twilio.com/docs/errors/" + errorCode);
        m.put("request_method", "POST");
        m.put("request_url", "https://hooks.example.com/demo/sms-status");
        m.put("resource_sid", "SMdec0de000000000000000000000000ff");
        m.put("service_sid", null);
        m.put("sid", sid);
        m.put("url", "https://monitor.twilio.com/v1/Alerts/" + sid);
        return m;
    }

    // ---- values ----

    private static List<Map<String, Object>> filtered(List<Map<String, Object>> rows,
            Predicate<Map<String, Object>> in) {
        return rows == null ? List.of() : rows.stream().filter(in).toList();
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params == null ? null : params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int integer(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A date-time filter: with a zone, without one (the SDK's form, read as UTC), or a bare date. */
    static Instant dateTime(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            // not an instant with a zone; try the other forms
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    private static LocalDate date(String s, LocalDate fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static Instant rfc2822(String s) {
        return ZonedDateTime.parse(s, RFC2822).toInstant();
    }

    private static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String alphanumeric(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.toString();
    }

    /** When the current traffic was generated; the sample reports' dates are set relative to it. */
    synchronized Instant seededAt() {
        return seededAt;
    }
}
