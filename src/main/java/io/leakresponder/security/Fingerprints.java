package io.leakresponder.security;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints (HMAC-SHA256 under a key derived from the master key). They identify a credential
 * for dedup without storing anything an attacker with the database alone could test guesses against.
 */
@Singleton
public class Fingerprints {

    private final MasterKeys keys;

    public Fingerprints(MasterKeys keys) {
        this.keys = keys;
    }

    /** Fingerprint of a value in a namespace, e.g. {@code of("secret", token)}; hex, 64 characters. */
    public String of(String namespace, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.current().fingerprint(), "HmacSHA256"));
            mac.update(namespace.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Fingerprint of a secret's SHA-1 (detect-secrets' {@code hashed_secret}), for joining hash-only findings. */
    public String ofSha1(String sha1Hex) {
        return of("sha1", sha1Hex.toLowerCase(Locale.ROOT));
    }

    /** The SHA-1 hex of a value, as detect-secrets computes it. */
    public static String sha1Hex(String value) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** What people see of a secret: its last four characters. */
    public static String hint(String secret) {
        return "…" + secret.substring(Math.max(0, secret.length() - 4));
    }
}
