package io.leakresponder.security;

import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of secret values under the master key. The associated data binds each
 * ciphertext to its purpose (e.g. the credential's fingerprint), so a ciphertext cannot be moved to another row.
 */
@Singleton
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(MasterKeys keys) {
        this.keys = keys;
    }

    /** Ciphertext (nonce || ciphertext || tag) and the id of the master key that made it. */
    public record Sealed(byte[] ciphertext, String keyId) {
        @Override
        public String toString() {
            return "Sealed[keyId=" + keyId + ", " + ciphertext.length + " bytes]";
        }
    }

    public Sealed encrypt(String plaintext, String associatedData) {
        MasterKeys.DerivedKeys key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"),
                    new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array(),
                    key.id());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(Sealed sealed, String associatedData) {
        MasterKeys.DerivedKeys key = keys.byId(sealed.keyId());
        byte[] all = sealed.ciphertext();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"),
                    new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored secret could not be decrypted (wrong key or tampered data)");
        }
    }
}
