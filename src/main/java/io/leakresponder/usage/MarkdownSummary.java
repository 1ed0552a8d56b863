package io.leakresponder.usage;

import io.leakresponder.usage.AuditReport.CountryVolume;
import io.leakresponder.usage.AuditReport.Missing;
import io.leakresponder.usage.AuditReport.RowLink;
import io.leakresponder.usage.AuditReport.Signal;
import io.leakresponder.usage.AuditReport.SourceProgress;
import io.leakresponder.usage.AuditReport.SpendLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The audit as Markdown for the post-incident record: verdict first, then signals with their rows, what could not
 * be seen, spend, destinations and the pulls. Values that come from Twilio (names, descriptions) are escaped so they
 * cannot inject Markdown or HTML into the record.
 */
final class MarkdownSummary {

    private MarkdownSummary() {
    }

    static String render(AuditReport r) {
        StringBuilder md = new StringBuilder(4096);
        md.append("# Usage audit of incident ").append(r.incidentId()).append("\n\n");
        md.append("**Verdict: ").append(r.verdict()).append("**: ").append(esc(r.verdictReason())).append(".\n\n");
        AuditReport.Window w = r.window();
        md.append("| | |\n|---|---|\n");
        row(md, "Account", code(r.accountSid()) + (r.includeSubaccounts() ? " and its subaccounts" : ""));
        row(md, "Compromised window", w.start() + " to " + (w.open()
                ? "open (read up to " + w.pulledUntil() + ")"
                : w.end().toString()));
        if (w.reason() != null) {
            row(md, "Window set because", esc(w.reason()));
        }
        row(md, "Baseline", w.baselineStart().equals(w.baselineEnd())
                ? "none"
                : w.baselineStart() + " to " + w.baselineEnd());
        row(md, "Started", r.startedAt() + " by " + esc(r.startedBy()) + (r.generation() > 1
                ? "; refreshed " + r.refreshedAt() + " (pull " + r.generation() + ")"
                : ""));
        row(md, "Reviewed", r.review() == null ? "not yet" : r.review().at() + " by " + esc(r.review().by()));
        row(md, "Report generated", r.generatedAt().toString());
        md.append('\n');

        md.append("## Signals\n\n");
        if (r.signals().isEmpty()) {
            md.append("None.\n\n");
        }
        for (Signal s : r.signals()) {
            md.append("- **").append(s.severity()).append("** ").append(esc(s.title())).append(" (`")
                    .append(s.kind()).append("`)  \n  ").append(esc(s.detail())).append('\n');
            for (RowLink link : s.rows()) {
                md.append("  - ").append(link.source().label()).append(": ").append(link.count()).append(" row(s)");
                if (!link.filter().isEmpty()) {
                    md.append(", export ").append(code(link.source().slug() + ".csv?" + link.filter().entrySet()
                            .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"))));
                }
                if (!link.sampleSids().isEmpty()) {
                    md.append(", e.g. ").append(link.sampleSids().stream().limit(5).map(MarkdownSummary::code)
                            .collect(Collectors.joining(", ")));
                }
                md.append('\n');
            }
        }
        md.append('\n');

        md.append("## What could not be seen\n\n");
        if (r.missing().isEmpty()) {
            md.append("Nothing: every source was read in full for the window").append(r.window().baselineStart()
                    .equals(r.window().baselineEnd()) ? "" : " and the baseline").append(".\n");
        }
        for (Missing m : r.missing()) {
            md.append("- ").append(esc(m.what())).append('\n');
        }
        for (AuditReport.RetentionGap g : r.retentionGaps()) {
            md.append("- ").append(esc(g.statement())).append('\n');
        }
        md.append('\n');

        AuditReport.Counts n = r.counts();
        md.append("## Rows read\n\n| Source | Window | Baseline |\n|---|---:|---:|\n");
        md.append("| Messages | ").append(n.messagesWindow()).append(" | ").append(n.messagesBaseline()).append(" |\n");
        md.append("| Calls | ").append(n.callsWindow()).append(" | ").append(n.callsBaseline()).append(" |\n");
        md.append("| Usage Records (days × categories) | ").append(n.usageRecordsWindow()).append(" | ")
                .append(n.usageRecordsBaseline()).append(" |\n");
        md.append("| Monitor Events | ").append(n.monitorEvents()).append(" | |\n");
        md.append("| Monitor Alerts | ").append(n.monitorAlerts()).append(" | |\n\n");

        if (!r.spend().isEmpty()) {
            md.append("## Spend per day (Usage Records, whole UTC days)\n\n")
                    .append("| Category | Window | Baseline | Ratio |\n|---|---:|---:|---:|\n");
            for (SpendLine l : r.spend()) {
                md.append("| ").append(esc(l.category())).append(" | ").append(money(l.windowPerDay()))
                        .append(" | ").append(l.baselinePerDay() == null ? "–" : money(l.baselinePerDay()))
                        .append(" | ").append(l.ratio() == null ? "–" : String.format(Locale.ROOT, "%.1f×", l.ratio()))
                        .append(" |\n");
            }
            md.append('\n');
        }
        countries(md, "Outbound messages by destination country", r.messagesByCountry());
        countries(md, "Outbound calls by destination country", r.callsByCountry());

        md.append("## Pulls\n\n| Source | Account | Period | Status | Pages | Rows | 429s |\n")
                .append("|---|---|---|---|---:|---:|---:|\n");
        for (SourceProgress p : r.progress()) {
            md.append("| ").append(p.source().label()).append(" | ").append(code(p.accountSid())).append(" | ")
                    .append(p.period().name().toLowerCase(Locale.ROOT)).append(" | ").append(p.status())
                    .append(" | ").append(p.pages()).append(" | ").append(p.rowsStored()).append(" | ")
                    .append(p.rateLimited()).append(" |\n");
        }
        return md.toString();
    }

    private static void countries(StringBuilder md, String title, List<CountryVolume> volumes) {
        if (volumes.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n| Country | Window | Baseline | New |\n|---|---:|---:|---|\n");
        for (CountryVolume v : volumes) {
            md.append("| ").append(esc(v.country())).append(" | ").append(v.window()).append(" | ").append(v.baseline())
                    .append(" | ").append(v.newInWindow() ? "**new**" : "").append(" |\n");
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String code(String s) {
        return "`" + (s == null ? "" : s.replace("`", "'")) + "`";
    }

    /** Escapes Markdown and HTML control characters and keeps table cells on one line. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
