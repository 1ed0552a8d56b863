package io.leakresponder.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialResolverTest {

    static final String HEX = "0123456789abcdef0123456789abcdef";

    @Test
    void sidsAreCanonicalisedToTheirPrefixAndLowercaseHex() {
        assertThat(CredentialResolver.normalizeSid("AC" + HEX, "AC")).isEqualTo("AC" + HEX);
        assertThat(CredentialResolver.normalizeSid("ac" + HEX.toUpperCase(), "AC")).isEqualTo("AC" + HEX);
        assertThat(CredentialResolver.normalizeSid("Sk" + HEX, "SK")).isEqualTo("SK" + HEX);
    }

    @Test
    void whatIsNotASidOfThatPrefixIsNoSid() {
        assertThat(CredentialResolver.normalizeSid(null, "AC")).isNull();
        assertThat(CredentialResolver.normalizeSid("SK" + HEX, "AC")).isNull();
        assertThat(CredentialResolver.normalizeSid("AC" + HEX.substring(1), "AC")).isNull();
        assertThat(CredentialResolver.normalizeSid("AC" + HEX + "0", "AC")).isNull();
        assertThat(CredentialResolver.normalizeSid("AC" + HEX.replace('a', 'g'), "AC")).isNull();
    }
}
