package io.leakresponder.twilio;

/**
 * The credential a rotation or enumeration call authenticates with: the account's Auth Token
 * ({@code accountSid:authToken}) or an API key of that account ({@code keySid:keySecret} on {@code accountSid}).
 * {@code toString()} never prints the secret.
 *
 * @param accountSid the account acted on ({@code AC} + 32 hex digits); with an API key, the key's account
 * @param keySid     the API key's SID ({@code SK} + 32 letters or digits), or null for the Auth Token
 * @param secret     the Auth Token or the key secret
 * @param region     the Twilio region the credential belongs to (credentials are region-specific); US1 by default
 */
public record TwilioAuth(String accountSid, String keySid, String secret, TwilioRegion region) {

    public TwilioAuth {
        region = region == null ? TwilioRegion.US1 : region;
        // Messages never echo a value: a mis-ordered call could put a secret in any argument.
        if (accountSid == null || !TwilioClients.ACCOUNT_SID.matcher(accountSid).matches()) {
            throw new IllegalArgumentException("accountSid must be AC followed by 32 hex digits");
        }
        if (keySid != null && !TwilioClients.KEY_SID.matcher(keySid).matches()) {
            throw new IllegalArgumentException("keySid must be SK followed by 32 letters or digits");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret must not be blank");
        }
    }

    /** Authenticates as the account itself, with its (primary or secondary) Auth Token. */
    public static TwilioAuth authToken(String accountSid, String authToken) {
        return new TwilioAuth(accountSid, null, authToken, TwilioRegion.US1);
    }

    /** Authenticates with an API key of the account; only a Main key may manage keys, tokens and subaccounts. */
    public static TwilioAuth apiKey(String accountSid, String keySid, String keySecret) {
        if (keySid == null) {
            throw new IllegalArgumentException("keySid must be SK followed by 32 letters or digits");
        }
        return new TwilioAuth(accountSid, keySid, keySecret, TwilioRegion.US1);
    }

    /** The same credential in the given region (null: US1); every call with it goes to that region's hosts. */
    public TwilioAuth in(TwilioRegion newRegion) {
        return new TwilioAuth(accountSid, keySid, secret, newRegion);
    }

    public boolean isApiKey() {
        return keySid != null;
    }

    /** Names the credential without its secret, e.g. for reasons and log lines. */
    public String describe() {
        String name = isApiKey() ? "API key " + keySid : "auth token of " + accountSid;
        return region == TwilioRegion.US1 ? name : name + " (" + region.code() + ")";
    }

    @Override
    public String toString() {
        return "TwilioAuth[accountSid=" + accountSid + ", keySid=" + keySid + ", region=" + region.code()
                + ", secret=(redacted)]";
    }
}
