package io.leakresponder.twilio;

import java.util.List;
import java.util.stream.Collectors;

/** Twilio-shaped bodies for the rotation endpoints, with obviously fake secrets (32 hex digits each). */
final class RotationFixtures {

    /** The secondary token Twilio "creates"; promoted, it becomes the primary. */
    static final String NEW_TOKEN = "5ec0da575ec0da575ec0da575ec0da57";
    /** The secret of a newly created API key. */
    static final String NEW_KEY_SECRET = "c0ffee00c0ffee00c0ffee00c0ffee00";
    /** A subaccount's auth token, as Twilio's account listing shows it. */
    static final String SUB_TOKEN = "5ab70ce05ab70ce05ab70ce05ab70ce0";

    private RotationFixtures() {
    }

    static String secondaryAuthToken(String ac, String token) {
        return """
                {"account_sid": "%s", "date_created": "2026-11-28T10:15:00Z", "date_updated": "2026-11-28T10:15:00Z",
                 "secondary_auth_token": "%s", "url": "https://accounts.twilio.com/v1/AuthTokens/Secondary"}
                """.formatted(ac, token);
    }

    static String authTokenPromotion(String ac, String token) {
        return """
                {"account_sid": "%s", "auth_token": "%s", "date_created": "2015-07-30T20:00:00Z",
                 "date_updated": "2026-11-28T10:20:00Z", "url": "https://accounts.twilio.com/v1/AuthTokens"}
                """.formatted(ac, token);
    }

    static String newKey(String sk, String friendlyName, String secret) {
        return """
                {"sid": "%s", "friendly_name": "%s", "date_created": "Sat, 28 Nov 2026 10:30:00 +0000",
                 "date_updated": "Sat, 28 Nov 2026 10:30:00 +0000", "secret": "%s"}
                """.formatted(sk, friendlyName, secret);
    }

    /** One key as listed: no secret. */
    static String key(String sk, String friendlyName, String rfc2822Date) {
        return """
                {"sid": "%s", "friendly_name": "%s", "date_created": "%s", "date_updated": "%s"}"""
                .formatted(sk, friendlyName, rfc2822Date, rfc2822Date);
    }

    /** A 2010-style page of keys; {@code nextPageUri} null on the last page. */
    static String keysPage(String ac, int page, List<String> keys, String nextPageUri) {
        String uri = RotationMock.keysPath(ac) + "?PageSize=1000&Page=" + page;
        return """
                {"keys": [%s], "uri": "%s", "first_page_uri": "%s", "next_page_uri": %s,
                 "previous_page_uri": null, "page": %d, "page_size": 1000, "start": 0, "end": 0}
                """.formatted(String.join(",", keys), uri, RotationMock.keysPath(ac) + "?PageSize=1000&Page=0",
                nextPageUri == null ? "null" : "\"" + nextPageUri + "\"", page);
    }

    /** An account as listed; like Twilio's listing, it carries the account's auth token. */
    static String account(String sid, String owner, String status, String friendlyName, String rfc2822Date,
                          String authToken) {
        return """
                {"sid": "%s", "owner_account_sid": "%s", "status": "%s", "type": "Full", "friendly_name": "%s",
                 "auth_token": "%s", "date_created": "%s", "date_updated": "%s",
                 "uri": "/2010-04-01/Accounts/%s.json"}"""
                .formatted(sid, owner, status, friendlyName, authToken, rfc2822Date, rfc2822Date, sid);
    }

    static String accountsPage(List<String> accounts) {
        return """
                {"accounts": [%s], "uri": "/2010-04-01/Accounts.json?PageSize=1000&Page=0",
                 "first_page_uri": "/2010-04-01/Accounts.json?PageSize=1000&Page=0", "next_page_uri": null,
                 "previous_page_uri": null, "page": 0, "page_size": 1000, "start": 0, "end": %d}
                """.formatted(accounts.stream().collect(Collectors.joining(",")), accounts.size() - 1);
    }
}
