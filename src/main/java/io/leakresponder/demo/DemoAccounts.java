package io.leakresponder.demo;

/**
 * The demo's fixed, obviously fake Twilio identities, shared by the simulator and the bundled sample reports.
 * None of them exists at Twilio; each only authenticates against the built-in simulator of a demo run.
 */
final class DemoAccounts {

    /** The demo's main account ("dec0de" marks every demo SID). */
    static final String ACCOUNT_SID = "ACdec0de000000000000000000000000d1";
    /** A subaccount "created by the attacker" inside the compromised window. */
    static final String SUBACCOUNT_SID = "ACdec0de000000000000000000000000d2";

    /** The account's primary Auth Token at start: leaked in the gitleaks sample, live until rotated. */
    static final String LIVE_AUTH_TOKEN = "dec0de11dec0de11dec0de11dec0de11";
    /** An Auth Token the account had before: leaked in the TruffleHog sample, already revoked. */
    static final String REVOKED_AUTH_TOKEN = "dec0de00dec0de00dec0de00dec0de00";
    /** The subaccount's own token; never leaked, listed by Twilio with the subaccount. */
    static final String SUBACCOUNT_AUTH_TOKEN = "dec0de22dec0de22dec0de22dec0de22";

    /** A Standard API key leaked (with its secret) in the gitleaks sample. */
    static final String LEAKED_KEY_SID = "SKdec0de000000000000000000000000a1";
    static final String LEAKED_KEY_SECRET = "DemoFakeKeySecretLeakedNotReal01";

    /** The Main API key the demo registers as the account's admin credential (printed in the README as fake). */
    static final String ADMIN_KEY_SID = "SKdec0de000000000000000000000000a2";
    static final String ADMIN_KEY_SECRET = "DemoFakeKeySecretAdminNotReal002";

    /** A Standard key "minted by the attacker" inside the window, for the suspects review. */
    static final String ROGUE_KEY_SID = "SKdec0de000000000000000000000000a3";
    static final String ROGUE_KEY_SECRET = "DemoFakeKeySecretRogueNotReal003";

    /** Every demo secret: none may appear in a log, an API response or a page. */
    static final String[] SECRETS = {LIVE_AUTH_TOKEN, REVOKED_AUTH_TOKEN, SUBACCOUNT_AUTH_TOKEN, LEAKED_KEY_SECRET,
            ADMIN_KEY_SECRET, ROGUE_KEY_SECRET};

    private DemoAccounts() {
    }
}
