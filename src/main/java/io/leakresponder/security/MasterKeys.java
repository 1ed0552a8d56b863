package io.leakresponder.security;

import io.quarkus.runtime.LaunchMode;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master key and the keys derived from it (HKDF-SHA256): one for encryption, one for fingerprints.
 * Each master key has a short id, stored beside every ciphertext so that keys can be rotated later.
 */
@Singleton
public class MasterKeys {

    static final String HOW_TO_MAKE = "generate one with: openssl rand -base64 32";

    private final DerivedKeys current;
    private final Map<String, DerivedKeys> byId = new LinkedHashMap<>();

    @jakarta.inject.Inject
    MasterKeys(SecurityConfig config) {
        this(config.masterKey(), config.previousMasterKeys().orElse(""));
    }

    /** For plain unit tests. */
    public MasterKeys(String masterKeyBase64, String previousBase64) {
        this.current = derive(parse("LEAK_RESPONDER_MASTER_KEY", masterKeyBase64));
        byId.put(current.id(), current);
        for (String previous : splitList(previousBase64)) {
            DerivedKeys old = derive(parse("LEAK_RESPONDER_PREVIOUS_MASTER_KEYS", previous));
            byId.putIfAbsent(old.id(), old);
        }
    }

    DerivedKeys current() {
        return current;
    }

    DerivedKeys byId(String id) {
        DerivedKeys keys = byId.get(id);
        if (keys == null) {
            throw new IllegalStateException("no master key with id " + id
                    + " is configured; add it to LEAK_RESPONDER_PREVIOUS_MASTER_KEYS");
        }
        return keys;
    }

    /** Checks a configured key; the message names the variable and says how to make a good one. */
    static byte[] parse(String variable, String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException(variable + " is not set: " + HOW_TO_MAKE);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " is not valid base64: " + HOW_TO_MAKE);
        }
        if (key.length != 32) {
            throw new IllegalStateException(variable + " must be 32 bytes of base64 (it is " + key.length
                    + " bytes): " + HOW_TO_MAKE);
        }
        return key;
    }

    static boolean isDevOrTest() {
        return LaunchMode.current() != LaunchMode.NORMAL;
    }

    private static List<String> splitList(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String part : list.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static DerivedKeys derive(byte[] master) {
        byte[] encryption = hkdf(master, "leak-responder/encryption/v1");
        byte[] fingerprint = hkdf(master, "leak-responder/fingerprint/v1");
        String id = HexFormat.of().formatHex(hkdf(master, "leak-responder/key-id/v1"), 0, 4);
        return new DerivedKeys(id, encryption, fingerprint);
    }

    /** HKDF-SHA256 (RFC 5869) with an all-zero salt and one 32-byte output block. */
    static byte[] hkdf(byte[] ikm, String info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Keys derived from one master key. */
    record DerivedKeys(String id, byte[] encryption, byte[] fingerprint) {
        @Override
        public String toString() {
            return "DerivedKeys[id=" + id + "]";
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        // Compare digests so that neither the content nor the length leaks through timing.
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
