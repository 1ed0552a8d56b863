package io.leakresponder.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeysTest {

    static final String KEY_A = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String KEY_B = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void missingKeyNamesTheVariableAndHowToMakeOne() {
        assertThatThrownBy(() -> new MasterKeys("", ""))
                .hasMessageContaining("LEAK_RESPONDER_MASTER_KEY is not set")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void malformedKeysAreRefused() {
        assertThatThrownBy(() -> new MasterKeys("not base64 !!", ""))
                .hasMessageContaining("LEAK_RESPONDER_MASTER_KEY is not valid base64");
        assertThatThrownBy(() -> new MasterKeys(Base64.getEncoder().encodeToString(new byte[16]), ""))
                .hasMessageContaining("must be 32 bytes").hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new MasterKeys(KEY_A, "short"))
                .hasMessageContaining("LEAK_RESPONDER_PREVIOUS_MASTER_KEYS");
    }

    @Test
    void keyIdsDifferPerKeyAndAreStable() {
        MasterKeys a = new MasterKeys(KEY_A, "");
        MasterKeys a2 = new MasterKeys(KEY_A, "");
        MasterKeys b = new MasterKeys(KEY_B, "");
        assertThat(a.current().id()).hasSize(8).isEqualTo(a2.current().id()).isNotEqualTo(b.current().id());
        assertThat(a.current().encryption()).isNotEqualTo(a.current().fingerprint());
    }

    @Test
    void hkdfMatchesRfc5869StyleDerivation() {
        // Same input, different info: unrelated outputs of 32 bytes.
        byte[] k1 = MasterKeys.hkdf(new byte[32], "one");
        byte[] k2 = MasterKeys.hkdf(new byte[32], "two");
        assertThat(k1).hasSize(32).isNotEqualTo(k2);
    }

    @Test
    void adminTokenMustBePresentAndLongEnough() {
        assertThatThrownBy(() -> StartupChecks.checkAdminToken(""))
                .hasMessageContaining("LEAK_RESPONDER_ADMIN_TOKEN is not set");
        assertThatThrownBy(() -> StartupChecks.checkAdminToken("short"))
                .hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> StartupChecks.checkAdminToken("a".repeat(20) + " " + "b".repeat(20)))
                .hasMessageContaining("without spaces");
        StartupChecks.checkAdminToken("x".repeat(32));
    }

    @Test
    void constantTimeEqualsComparesContent() {
        assertThat(MasterKeys.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(MasterKeys.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(MasterKeys.constantTimeEquals("abc", "abcd")).isFalse();
    }
}
