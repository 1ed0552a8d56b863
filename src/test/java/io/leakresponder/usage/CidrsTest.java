package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrsTest {

    @Test
    void matchesIpv4AndIpv6Ranges() {
        Cidrs known = Cidrs.parse(List.of("203.0.113.0/24", " 198.51.100.7 ", "2001:db8::/32", "10.0.0.0/9"));
        assertThat(known.contains("203.0.113.200")).isTrue();
        assertThat(known.contains("203.0.114.1")).isFalse();
        assertThat(known.contains("198.51.100.7")).isTrue();
        assertThat(known.contains("198.51.100.8")).isFalse();
        assertThat(known.contains("2001:db8:1::5")).isTrue();
        assertThat(known.contains("2001:db9::5")).isFalse();
        assertThat(known.contains("10.127.255.255")).isTrue();
        assertThat(known.contains("10.128.0.0")).isFalse();
        assertThat(known.contains("::ffff:203.0.113.9")).isTrue();
    }

    @Test
    void neverResolvesNamesAndRejectsGarbage() {
        Cidrs known = Cidrs.parse(List.of("0.0.0.0/0"));
        assertThat(known.contains("localhost")).isFalse();
        assertThat(known.contains("example.com")).isFalse();
        assertThat(known.contains(null)).isFalse();
        assertThat(known.contains("1.2.3.4")).isTrue();
        assertThatThrownBy(() -> Cidrs.parse(List.of("203.0.113.0/33"))).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> Cidrs.parse(List.of("intranet"))).hasMessageContaining("not an IP range");
        assertThat(Cidrs.parse(List.of()).isEmpty()).isTrue();
    }
}
