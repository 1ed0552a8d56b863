package io.leakresponder.ingest.parse;

/** Obviously fake Twilio credentials used across the fixtures (patterns, not real values). */
final class Fake {

    static final String ACCOUNT_SID = "ACdeadbeefdeadbeefdeadbeefdeadbeef";
    static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    static final String KEY_SID = "SKcafebabecafebabecafebabecafebabe";
    static final String KEY_SECRET = "AbCdEfGh12345678AbCdEfGh12345678";

    static final String ACCOUNT_SID_2 = "AC00112233445566778899aabbccddeeff";
    static final String AUTH_TOKEN_2 = "fedcba9876543210fedcba9876543210";
    static final String KEY_SID_2 = "SK0f1e2d3c4b5a69780f1e2d3c4b5a6978";
    static final String KEY_SECRET_2 = "ZyXwVu98ZyXwVu98ZyXwVu98ZyXwVu98";

    private Fake() {
    }
}
