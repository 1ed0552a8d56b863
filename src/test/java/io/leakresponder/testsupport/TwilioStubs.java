package io.leakresponder.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** Twilio's answers for an Auth Token's life, stubbed on the shared {@link TwilioMock}. */
public final class TwilioStubs {

    private TwilioStubs() {
    }

    /** The account fetch with this token: 200 (the token works) or 401 (code 20003, it does not). */
    public static void account(String accountSid, String token, int status) {
        String body = status == 200
                ? "{\"sid\":\"" + accountSid + "\",\"owner_account_sid\":\"" + accountSid + "\",\"friendly_name\":\"Prod\","
                        + "\"status\":\"active\",\"type\":\"Full\"}"
                : "{\"code\":20003,\"message\":\"Authenticate\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}";
        TwilioMock.server().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + accountSid + ".json"))
                .withBasicAuth(accountSid, token).willReturn(aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/json").withBody(body)));
    }

    /**
     * Creating a secondary Auth Token answers this one, to the account's current Auth Token only (the accounts API
     * takes the account from the credential); any other credential meets the shared mock's default.
     */
    public static void secondary(String accountSid, String currentToken, String secondary) {
        TwilioMock.server().stubFor(post(urlPathEqualTo("/v1/AuthTokens/Secondary")).withBasicAuth(accountSid,
                currentToken).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"account_sid\":\""
                        + accountSid + "\",\"date_created\":\"2026-11-28T10:15:00Z\",\"date_updated\":"
                        + "\"2026-11-28T10:15:00Z\",\"secondary_auth_token\":\"" + secondary + "\",\"url\":"
                        + "\"https://accounts.twilio.com/v1/AuthTokens/Secondary\"}")));
    }

    /** Promoting makes the secondary the Auth Token; answered to the account's current Auth Token only. */
    public static void promote(String accountSid, String currentToken, String secondary) {
        TwilioMock.server().stubFor(post(urlPathEqualTo("/v1/AuthTokens/Promote")).withBasicAuth(accountSid,
                currentToken).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"account_sid\":\""
                        + accountSid + "\",\"auth_token\":\"" + secondary + "\",\"date_created\":"
                        + "\"2015-07-30T20:00:00Z\",\"date_updated\":\"2026-11-28T10:20:00Z\",\"url\":"
                        + "\"https://accounts.twilio.com/v1/AuthTokens\"}")));
    }
}
