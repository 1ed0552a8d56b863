package io.leakresponder.dashboard;

import io.leakresponder.incident.IncidentState;
import io.leakresponder.incident.IncidentViews;
import io.leakresponder.usage.AuditReport;
import io.leakresponder.usage.UsageSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the usage page shows: the incident it belongs to, where the audit stands (not started, pulling, done),
 * the report with links to the rows behind each signal, the charts, and the export links.
 *
 * @param stage      {@code not-started}, {@code pulling} or {@code done}
 * @param report     null until an audit was started
 * @param finished   pulls that will not read more (of {@code pulls})
 * @param reviewable the audit may be marked reviewed now (done, not reviewed, incident REMEDIATED)
 * @param flash      a message about the action just taken, or empty
 */
public record UsageView(UUID incidentId, String title, IncidentState state, String severity, String stage,
        AuditReport report, int pulls, int finished, boolean reviewable, List<SignalView> signals,
        List<ExportLink> exports, UsageCharts.ChartView spendChart, UsageCharts.ChartView countryChart,
        String flash) {

    /** A signal with links to the CSV rows behind it. */
    public record SignalView(String kind, String severity, String title, String detail, List<RowView> rows) {
    }

    /** Rows of one source behind a signal: how many, some SIDs, and the export that lists them all. */
    public record RowView(String source, long count, List<String> sampleSids, String href) {
    }

    /** A download. */
    public record ExportLink(String label, String href) {
    }

    static UsageView notStarted(IncidentViews.Detail incident, String flash) {
        return new UsageView(incident.id(), incident.title(), incident.state(), incident.severity().name(),
                "not-started", null, 0, 0, false, List.of(), List.of(), null, null, flash);
    }

    static UsageView of(IncidentViews.Detail incident, AuditReport report, UsageCharts.ChartView spend,
            UsageCharts.ChartView countries, String flash) {
        int pulls = report.progress().size();
        int finished = (int) report.progress().stream().filter(p -> p.status().finished()).count();
        // Pulls whose job stopped are listed as missing and never finish on their own: they do not keep the page
        // polling.
        long stalled = report.missing().stream().filter(AuditReport.Missing::stalled).count();
        boolean pulling = finished + stalled < pulls;
        String base = "/ui/incidents/" + incident.id() + "/usage";
        List<SignalView> signals = new ArrayList<>();
        for (AuditReport.Signal s : report.signals()) {
            List<RowView> rows = s.rows().stream().map(r -> new RowView(r.source().label(), r.count(),
                    r.sampleSids(), base + "/export/" + r.source().slug() + ".csv" + query(r.filter()))).toList();
            signals.add(new SignalView(s.kind().name(), s.severity().name(), s.title(), s.detail(), rows));
        }
        List<ExportLink> exports = new ArrayList<>();
        for (UsageSource source : UsageSource.values()) {
            if (source == UsageSource.SUBACCOUNTS && !report.includeSubaccounts()) {
                continue;
            }
            exports.add(new ExportLink(source.label() + " (CSV)", base + "/export/" + source.slug() + ".csv"));
        }
        exports.add(new ExportLink("Summary (Markdown)", base + "/summary.md"));
        boolean reviewable = !pulling && report.review() == null && incident.state() == IncidentState.REMEDIATED;
        return new UsageView(incident.id(), incident.title(), incident.state(), incident.severity().name(),
                pulling ? "pulling" : "done", report, pulls, finished, reviewable, signals, exports, spend, countries,
                flash);
    }

    /** True while pulls run: the audit fragment polls for progress. */
    public boolean polling() {
        return "pulling".equals(stage);
    }

    public boolean started() {
        return report != null;
    }

    private static String query(Map<String, String> filter) {
        if (filter == null || filter.isEmpty()) {
            return "";
        }
        return "?" + filter.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
