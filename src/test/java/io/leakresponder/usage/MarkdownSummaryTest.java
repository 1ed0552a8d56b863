package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.usage.AuditReport.Severity;
import io.leakresponder.usage.AuditReport.Signal;
import io.leakresponder.usage.AuditReport.SignalKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MarkdownSummaryTest {

    @Test
    void rendersVerdictSignalsLinksAndGapsAndEscapesTwilioText() {
        Instant t = Instant.parse("2026-03-20T00:00:00Z");
        Signal s = new Signal(SignalKind.SUBACCOUNT_CREATED, Severity.HIGH, "Subaccounts created in the window",
                "AC1 '<script>alert(1)</script> | [x](http://evil)' created", List.of(new AuditReport.RowLink(
                        UsageSource.MESSAGES, Map.of("country", "NG"), 12, List.of("SM1", "SM2"))));
        AuditReport r = new AuditReport(UUID.randomUUID(), UUID.randomUUID(), "ACx",
                new AuditReport.Window(t, null, true, t.plusSeconds(7200), "widened", t.minusSeconds(7200), t),
                AuditReport.Verdict.SUSPICIOUS, "1 signal(s)", List.of(s),
                List.of(new AuditReport.Missing(UsageSource.MONITOR_ALERTS, "ACx", UsagePeriod.WINDOW,
                        "Monitor Alerts of ACx (window): failed: HTTP 500")),
                List.of(new AuditReport.RetentionGap(UsageSource.MONITOR_EVENTS, "ACx", t,
                        "no evidence available before " + t + " for Monitor Events of ACx")),
                List.of(), new AuditReport.Counts(1, 2, 3, 4, 5, 6, 7, 8, 1), List.of(), List.of(), List.of(),
                List.of(), false, t, "alice", t, 1, null, t);

        String md = MarkdownSummary.render(r);

        assertThat(md).contains("**Verdict: SUSPICIOUS**").contains("open (read up to 2026-03-20T02:00:00Z)")
                .contains("**HIGH** Subaccounts created in the window")
                .contains("`messages.csv?country=NG`").contains("`SM1`")
                .contains("no evidence available before 2026-03-20T00:00:00Z for Monitor Events of ACx")
                .contains("failed: HTTP 500");
        assertThat(md).doesNotContain("<script>").doesNotContain("[x](http://evil)")
                .contains("&lt;script&gt;").contains("\\[x\\](http://evil)").contains("\\|");
    }
}
