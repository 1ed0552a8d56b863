package io.leakresponder.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Links to leaked files are built only from safe parts of untrusted scanner reports. */
class IncidentOccurrencesTest {

    static final String SHA = "9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233";

    @Test
    void gitHubAndGitLabStyleLinksPointAtTheLine() {
        assertThat(IncidentOccurrences.fileUrl(IncidentOccurrences.repositoryUrl("https://github.com/acme/app.git/"),
                "x", SHA, "src/main app.py", 7))
                .isEqualTo("https://github.com/acme/app/blob/" + SHA + "/src/main%20app.py#L7");
        assertThat(IncidentOccurrences.fileUrl("https://gitlab.example.com/group/sub/proj", "x", SHA, "a/b.rb", null))
                .isEqualTo("https://gitlab.example.com/group/sub/proj/-/blob/" + SHA + "/a/b.rb");
    }

    @Test
    void unsafePartsGiveNoLink() {
        assertThat(IncidentOccurrences.repositoryUrl("javascript:alert(1)")).isNull();
        assertThat(IncidentOccurrences.repositoryUrl("git@github.com:acme/app.git")).isNull();
        assertThat(IncidentOccurrences.repositoryUrl("acme/app")).isNull();
        assertThat(IncidentOccurrences.repositoryUrl("file:///etc/passwd")).isNull();
        String base = "https://github.com/acme/app";
        assertThat(IncidentOccurrences.fileUrl(base, "x", "main; rm -rf", "a.py", 1)).isNull();
        assertThat(IncidentOccurrences.fileUrl(base, "x", SHA, "../../settings", 1)).isNull();
        assertThat(IncidentOccurrences.fileUrl(base, "x", null, "a.py", 1)).isNull();
        assertThat(IncidentOccurrences.fileUrl(base, "x", SHA, "a.py?x=\"><b>#", 1))
                .isEqualTo(base + "/blob/" + SHA + "/a.py%3Fx%3D%22%3E%3Cb%3E%23#L1");
    }

    @Test
    void userInfoIsNeverKept() {
        assertThat(IncidentOccurrences.repositoryUrl("https://ci:s3cr3t@github.com/acme/app.git"))
                .isEqualTo("https://github.com/acme/app");
        assertThat(IncidentOccurrences.withoutUserInfo("ssh://git:pw@host/x and {\"u\":\"https://a:b@c.example/d\"}"))
                .isEqualTo("ssh://host/x and {\"u\":\"https://c.example/d\"}");
        assertThat(IncidentOccurrences.withoutUserInfo("https://github.com/a@b")).isEqualTo("https://github.com/a@b");
    }

    @Test
    void durationsUseTheTwoLargestUnits() {
        assertThat(IncidentFormat.seconds(42.4)).isEqualTo("42 s");
        assertThat(IncidentFormat.seconds(3 * 3600.0 + 5 * 60)).isEqualTo("3 h 5 min");
        assertThat(IncidentFormat.seconds(2 * 86400.0 + 3600)).isEqualTo("2 d 1 h");
        assertThat(IncidentFormat.seconds(400 * 86400.0)).isEqualTo("1 y 35 d");
        assertThat(IncidentFormat.seconds(null)).isEqualTo("—");
    }
}
