package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesTest {

    @Test
    void changedFieldsNamesKeysNeverValues() {
        assertThat(Sources.changedFields(Map.of("updated", Map.of("sms_url", "https://evil.example.com",
                "voice_url", "x"), "previous", Map.of("sms_url", "https://ok.example.com"))))
                .isEqualTo("sms_url,voice_url");
        assertThat(Sources.changedFields(Map.of("friendly_name", Map.of("previous", "a", "updated", "b"))))
                .isEqualTo("friendly_name");
        assertThat(Sources.changedFields(Map.of("bad key; drop table", "x", "ok", "y"))).isEqualTo("ok");
        assertThat(Sources.changedFields(null)).isNull();
        assertThat(Sources.changedFields(List.of("a"))).isNull();
    }

    @Test
    void requestUrlsLoseCredentialsAndQueries() {
        assertThat(Sources.withoutSecrets("https://user:pass@hooks.example.com:8443/sms?token=abc#x"))
                .isEqualTo("https://hooks.example.com:8443/sms");
        assertThat(Sources.withoutSecrets("not a url")).isNull();
        assertThat(Sources.withoutSecrets(null)).isNull();
    }

    @Test
    void numbersFromTwilioStringsAreLenient() {
        assertThat(Sources.integer("3")).isEqualTo(3);
        assertThat(Sources.integer("3.0")).isEqualTo(3);
        assertThat(Sources.integer("n/a")).isNull();
        assertThat(Sources.decimal("-0.00750")).isEqualByComparingTo("-0.0075");
        assertThat(Sources.decimal("")).isNull();
    }
}
