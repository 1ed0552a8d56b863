package io.leakresponder.credential;

import io.leakresponder.security.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A credential's secret value at rest: encrypted, bound to the credential it belongs to (a ciphertext copied onto
 * another credential does not decrypt), and decrypted only to hand it to one Twilio call.
 */
@ApplicationScoped
class CredentialSecrets {

    private final SecretCipher cipher;

    CredentialSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** Encrypts the value onto the credential. */
    void seal(Credential c, String secret) {
        SecretCipher.Sealed sealed = cipher.encrypt(secret, associatedData(c));
        c.secretCiphertext = sealed.ciphertext();
        c.secretKeyId = sealed.keyId();
    }

    /** The decrypted value of a credential that {@linkplain Credential#hasSecret() has one}. */
    String open(Credential c) {
        return cipher.decrypt(new SecretCipher.Sealed(c.secretCiphertext, c.secretKeyId), associatedData(c));
    }

    private static String associatedData(Credential c) {
        return "credential-secret:" + c.id;
    }
}
