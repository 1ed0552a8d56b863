package io.leakresponder.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OccurrenceDataTest {

    @Test
    void credentialsWrittenIntoRepositoryUrlsAndLinksAreDropped() {
        OccurrenceData o = new OccurrenceData("gitleaks", "twilio", "https://deploy:hunter2tok@github.com/acme/api",
                "a.py", 3, null, null, null, "https://x-token:abc@gitlab.example/acme/api/-/blob/1/a.py", null, null);
        assertThat(o.repository()).isEqualTo("https://github.com/acme/api");
        assertThat(o.link()).isEqualTo("https://gitlab.example/acme/api/-/blob/1/a.py");
    }

    @Test
    void urlsWithoutUserInfoAreKeptAsTheyAre() {
        assertThat(OccurrenceData.withoutUserInfo("git@github.com:acme/api.git"))
                .isEqualTo("git@github.com:acme/api.git");
        assertThat(OccurrenceData.withoutUserInfo("https://github.com/acme/api?by=a@b"))
                .isEqualTo("https://github.com/acme/api?by=a@b");
        assertThat(OccurrenceData.withoutUserInfo(null)).isNull();
    }
}
