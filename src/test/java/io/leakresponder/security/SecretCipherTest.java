package io.leakresponder.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    final MasterKeys keys = new MasterKeys(MasterKeysTest.KEY_A, "");
    final SecretCipher cipher = new SecretCipher(keys);

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        SecretCipher.Sealed sealed = cipher.encrypt(TOKEN, "credential-secret:1");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        assertThat(sealed.ciphertext()).hasSize(12 + TOKEN.length() + 16);
        assertThat(sealed.keyId()).isEqualTo(keys.current().id());
        assertThat(cipher.decrypt(sealed, "credential-secret:1")).isEqualTo(TOKEN);
        assertThat(sealed.toString()).doesNotContain(TOKEN);
    }

    @Test
    void eachEncryptionUsesAFreshNonce() {
        assertThat(cipher.encrypt(TOKEN, "x").ciphertext()).isNotEqualTo(cipher.encrypt(TOKEN, "x").ciphertext());
    }

    @Test
    void ciphertextBoundToItsRowAndUntampered() {
        SecretCipher.Sealed sealed = cipher.encrypt(TOKEN, "credential-secret:1");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "credential-secret:2"))
                .hasMessageContaining("could not be decrypted").hasMessageNotContaining(TOKEN);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[20] ^= 1;
        assertThatThrownBy(
                () -> cipher.decrypt(new SecretCipher.Sealed(tampered, sealed.keyId()), "credential-secret:1"))
                .hasMessageContaining("could not be decrypted");
    }

    @Test
    void previousKeysStillDecryptAfterRotation() {
        SecretCipher.Sealed underA = cipher.encrypt(TOKEN, "aad");
        MasterKeys rotated = new MasterKeys(MasterKeysTest.KEY_B, MasterKeysTest.KEY_A);
        SecretCipher after = new SecretCipher(rotated);
        assertThat(after.decrypt(underA, "aad")).isEqualTo(TOKEN);
        assertThat(after.encrypt(TOKEN, "aad").keyId()).isNotEqualTo(underA.keyId());
        assertThatThrownBy(() -> new SecretCipher(new MasterKeys(MasterKeysTest.KEY_B, "")).decrypt(underA, "aad"))
                .hasMessageContaining("LEAK_RESPONDER_PREVIOUS_MASTER_KEYS");
    }

    @Test
    void fingerprintsAreKeyedAndNamespaced() {
        Fingerprints a = new Fingerprints(keys);
        Fingerprints b = new Fingerprints(new MasterKeys(MasterKeysTest.KEY_B, ""));
        assertThat(a.of("secret", TOKEN)).hasSize(64).isEqualTo(a.of("secret", TOKEN))
                .isNotEqualTo(b.of("secret", TOKEN)).isNotEqualTo(a.of("sha1", TOKEN)).doesNotContain(TOKEN);
        assertThat(Fingerprints.hint(TOKEN)).isEqualTo("…cdef");
        // detect-secrets' documented example: SHA-1 of the SK placeholder string
        assertThat(Fingerprints.sha1Hex("SK" + "x".repeat(32))).isEqualTo("34c2246140bc39b1fce81d9be2124f713a06bdaf");
    }
}
