package io.leakresponder.testsupport;

/**
 * Fake Twilio credentials of the rotation tests (API and dashboard): the account's admin Auth Token, the secondary
 * token a rotation mints, and the leaked and the replacing API key. Obviously fake values, never real ones.
 */
public final class RotationFakes {

    /** The secondary Auth Token Twilio creates during a zero-downtime rotation. */
    public static final String SECONDARY = "eeee4444ffff55556666777788889999";
    /** The registered admin credential of the account (a Twilio Auth Token, not the service's admin token). */
    public static final String ADMIN_TOKEN = "9999888877776666555544443333aaaa";
    public static final String LEAKED_SK = "SK0000111122223333444455556666aaaa";
    public static final String LEAKED_KEY_SECRET = "LeakedKeySecret0LeakedKeySecret0";
    /** The API key Twilio creates to replace the leaked one, and its secret. */
    public static final String NEW_SK = "SKffffeeeeddddccccbbbbaaaa99998888";
    public static final String NEW_KEY_SECRET = "NewKeySecret1234NewKeySecret1234";

    private RotationFakes() {
    }
}
