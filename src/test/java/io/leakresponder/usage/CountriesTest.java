package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountriesTest {

    final Countries countries = new Countries();

    @Test
    void destinationCountriesOfE164Numbers() {
        assertThat(countries.of("+4915112345678")).isEqualTo("DE");
        assertThat(countries.of("+12025550123")).isEqualTo("US");
        assertThat(countries.of("+14165550123")).isEqualTo("CA");
        assertThat(countries.of("+447400123456")).isEqualTo("GB");
        assertThat(countries.of("+447911123456")).isEqualTo("GG"); // shared +44: the prefix decides
        assertThat(countries.of("+2348031234567")).isEqualTo("NG");
        assertThat(countries.of("+8821612345678")).isEqualTo("001"); // international networks: no country
    }

    @Test
    void cachedPrefixesGiveTheSameAnswer() {
        for (int i = 0; i < 3; i++) {
            assertThat(countries.of("+1416555012" + i)).isEqualTo("CA");
            assertThat(countries.of("+1202555012" + i)).isEqualTo("US");
        }
    }

    @Test
    void whatIsNotE164HasNoCountry() {
        assertThat(countries.of(null)).isNull();
        assertThat(countries.of("client:alice")).isNull();
        assertThat(countries.of("sip:bob@example.com")).isNull();
        assertThat(countries.of("12345")).isNull();
        assertThat(countries.of("AcmeBank")).isNull();
        assertThat(countries.of("+999")).isEqualTo(Countries.UNKNOWN);
    }
}
