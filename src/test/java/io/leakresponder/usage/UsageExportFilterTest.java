package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageExportFilterTest {

    @Test
    void readsAndWritesTheSameNames() {
        Map<String, String> in = Map.of("period", "window", "country", "ng", "prefix", "882", "direction",
                "outbound");
        UsageExportFilter f = UsageExportFilter.of(in);
        assertThat(f.period()).isEqualTo(UsagePeriod.WINDOW);
        assertThat(f.country()).isEqualTo("NG");
        assertThat(f.prefix()).isEqualTo("+882");
        assertThat(UsageExportFilter.of(f.asMap())).isEqualTo(f);
    }

    @Test
    void refusesUnknownAndInapplicableFields() {
        assertThatThrownBy(() -> UsageExportFilter.of(Map.of("body", "x"))).hasMessageContaining("unknown filter");
        assertThatThrownBy(() -> UsageExportFilter.of(Map.of("prefix", "+88'2"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> UsageExportFilter.of(Map.of("from", "yesterday"))).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> UsageExportFilter.of(Map.of("country", "NG"))
                .requireApplicableTo(UsageSource.MONITOR_EVENTS)).hasMessageContaining("does not apply");
        UsageExportFilter.of(Map.of("sourceIp", "1.2.3.4")).requireApplicableTo(UsageSource.MONITOR_EVENTS);
    }
}
