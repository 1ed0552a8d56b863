package io.leakresponder.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakresponder.security.MasterKeys;
import io.leakresponder.security.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialSecretsTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    final CredentialSecrets secrets = new CredentialSecrets(new SecretCipher(new MasterKeys(
            Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8)),
            "")));

    @Test
    void aSealedValueOpensOnItsOwnCredentialAndIsNotStoredInPlain() {
        Credential c = credential();
        secrets.seal(c, TOKEN);
        assertThat(c.secretKeyId).isNotBlank();
        assertThat(new String(c.secretCiphertext, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        assertThat(c.hasSecret()).isTrue();
        assertThat(secrets.open(c)).isEqualTo(TOKEN);
    }

    @Test
    void aCiphertextCopiedOntoAnotherCredentialDoesNotOpen() {
        Credential c = credential();
        secrets.seal(c, TOKEN);
        Credential other = credential();
        other.secretCiphertext = c.secretCiphertext;
        other.secretKeyId = c.secretKeyId;
        assertThatThrownBy(() -> secrets.open(other)).hasMessageContaining("could not be decrypted")
                .hasMessageNotContaining(TOKEN);
    }

    private static Credential credential() {
        Credential c = new Credential();
        c.id = UUID.randomUUID();
        c.kind = CredentialKind.AUTH_TOKEN;
        return c;
    }
}
