package io.leakresponder.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads test fixtures from src/test/resources. */
public final class Fixtures {

    /** The fake credentials used across the ingest fixtures (obviously fake patterns, never real ones). */
    public static final String ACCOUNT_SID = "ACdeadbeefdeadbeefdeadbeefdeadbeef";
    public static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    public static final String KEY_SID = "SKcafebabecafebabecafebabecafebabe";
    public static final String KEY_SECRET = "AbCdEfGh12345678AbCdEfGh12345678";
    public static final String AUTH_TOKEN_2 = "fedcba9876543210fedcba9876543210";
    public static final String KEY_SECRET_2 = "ZyXwVu98ZyXwVu98ZyXwVu98ZyXwVu98";

    /** Every secret value a fixture contains; none may ever appear in output. */
    public static final String[] SECRETS = {AUTH_TOKEN, KEY_SECRET, AUTH_TOKEN_2, KEY_SECRET_2};

    private Fixtures() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
