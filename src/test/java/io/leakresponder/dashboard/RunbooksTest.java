package io.leakresponder.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.credential.CredentialKind;
import org.junit.jupiter.api.Test;

class RunbooksTest {

    static final String MARKDOWN = """
            # Runbook: a test

            Preamble that no step shows.

            ## Signals

            Signal text that no step shows.

            ## Immediate actions

            Acknowledge text, then see [Verify](#verify) and [Sub part](#sub-part).

            ## Rotate

            Rotate text <script>alert('x')</script> and <img src=x onerror="alert(1)">.

            <div onclick="alert(2)">block html</div>

            ### Sub part

            [bad](javascript:alert(3)) [also bad](JaVaScRiPt:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=)
            [good](https://www.twilio.com/docs) [other file](other.md#x) [signals](#signals) [net](//evil.example/x)
            <javascript:alert(5)> ![pic](https://example.com/x.png)

            ## Verify

            Verify text.

            ## Close

            Close text.
            """;

    @Test
    void headingsSplitTheRunbookIntoTheStepsSections() {
        Runbooks.Runbook r = Runbooks.parse("test.md", MARKDOWN);
        String ack = r.html(RunbookStep.ACKNOWLEDGE, "/p").toString();
        String rotate = r.html(RunbookStep.ROTATE, "/p").toString();
        assertThat(ack).contains("Acknowledge text").doesNotContain("Rotate text").doesNotContain("Preamble")
                .doesNotContain("Signal text");
        assertThat(rotate).contains("Rotate text").contains("<h3 id=\"rb-sub-part\">Sub part</h3>")
                .doesNotContain("Verify text");
        assertThat(r.html(RunbookStep.CONTAIN, "/p").toString()).contains("Verify text");
        assertThat(r.html(RunbookStep.CLOSE, "/p").toString()).contains("Close text");
        // No "Replace" or "Audit usage" heading: those steps show nothing.
        assertThat(r.html(RunbookStep.REPLACE, "/p").toString()).isEmpty();
        // Anchors point at the step that shows their section.
        assertThat(ack).contains("href=\"/p?step=contain#rb-verify\"").contains("href=\"/p?step=rotate#rb-sub-part\"");
    }

    @Test
    void rawHtmlIsEscapedAndOnlyHttpAndRelativeLinksSurvive() {
        String rotate = Runbooks.parse("test.md", MARKDOWN).html(RunbookStep.ROTATE, "/p").toString();
        assertThat(rotate).doesNotContain("<script").doesNotContain("<img").doesNotContain("<div")
                .contains("&lt;script&gt;").contains("&lt;div onclick=");
        // Unsafe links are dropped: their text stays, as text.
        assertThat(rotate.toLowerCase()).doesNotContain("href=\"javascript:").doesNotContain("href=\"data:")
                .doesNotContain("evil.example").doesNotContain("example.com/x.png");
        assertThat(rotate).contains("href=\"https://www.twilio.com/docs\">good</a>")
                .contains("bad also bad data").doesNotContain("href=\"other.md").contains("other file")
                .doesNotContain("#signals").contains("signals");
        assertThat(rotate).containsOnlyOnce("<a ");
        assertThat(Runbooks.allowed("https://x.example/")).isTrue();
        assertThat(Runbooks.allowed("?step=rotate#rb-x")).isTrue();
        assertThat(Runbooks.allowed("java\tscript:alert(1)")).isFalse();
        assertThat(Runbooks.allowed("mailto:a@b.c")).isFalse();
    }

    @Test
    void theRealRunbooksCoverEveryStepAndAreCached() {
        Runbooks runbooks = new Runbooks();
        Runbooks.Runbook token = runbooks.forKind(CredentialKind.AUTH_TOKEN);
        Runbooks.Runbook key = runbooks.forKind(CredentialKind.API_KEY);
        assertThat(token.file()).isEqualTo("twilio-auth-token-leak.md");
        assertThat(key.file()).isEqualTo("twilio-api-key-leak.md");
        for (RunbookStep step : RunbookStep.values()) {
            assertThat(token.html(step, "/p").toString()).as("auth token %s", step).contains("<h2");
            assertThat(key.html(step, "/p").toString()).as("api key %s", step).contains("<h2");
        }
        assertThat(token.html(RunbookStep.ROTATE, "/p").toString()).contains("id=\"rb-zero-downtime-rotation\"");
        assertThat(token.html(RunbookStep.REPLACE, "/p").toString()).contains("<table>");
        assertThat(runbooks.forKind(CredentialKind.AUTH_TOKEN)).isSameAs(token);
        // A key seen only by its SID is still an API key: the same runbook in the dashboard as in the API's links.
        assertThat(runbooks.forKind(CredentialKind.API_KEY_SID)).isSameAs(key);
        assertThat(CredentialKind.API_KEY_SID.runbook()).isEqualTo("runbooks/" + key.file());
        assertThat(CredentialKind.ACCOUNT_SID.runbook()).isEqualTo("runbooks/" + token.file());
    }
}
