package io.leakresponder.dashboard;

import io.leakresponder.incident.IncidentQueries;
import io.leakresponder.incident.IncidentSearch;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.incident.IncidentStats;
import io.leakresponder.incident.Severity;
import io.leakresponder.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The response at a glance: what is open and how urgent, what still works, what is late, how fast we are. */
@Path("/ui/overview")
@Produces(MediaType.TEXT_HTML)
class OverviewPages {

    static final int RECENT = 8;
    static final int BREACHES_LISTED = 10;
    // The chart's geometry in its view box (the template uses the same numbers for the axis and labels).
    static final double ROW = 30;
    static final double BAR_X = 90;
    static final double BAR_MAX = 300;

    @Inject
    IncidentQueries queries;

    @Inject
    Clock clock;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(IncidentStats stats, List<OverviewBar> bars, long live,
                IncidentSearch.Result breaches, IncidentSearch.Result recent, Instant now);
    }

    /** One bar of the open-incidents chart, with its geometry in the SVG's view box. */
    public record OverviewBar(String severity, long count, double y, double textY, double width, double textX,
            String href) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER_ROLE)
    public TemplateInstance overview() {
        IncidentStats stats = queries.stats();
        Set<IncidentState> open = EnumSet.complementOf(EnumSet.of(IncidentState.CLOSED));
        IncidentSearch.Result breaches = queries.search(new IncidentSearch(open, null, null, null, false, true,
                IncidentSearch.Order.SEVERITY, true, 0, BREACHES_LISTED));
        IncidentSearch.Result recent = queries.search(new IncidentSearch(Set.of(), null, null, null, false, null,
                IncidentSearch.Order.AGE, false, 0, RECENT));
        return Templates.overview(stats, bars(stats), queries.liveCredentials(), breaches, recent, clock.instant());
    }

    /** Horizontal bars, longest for the most frequent severity; labels left of the bars, counts after them. */
    static List<OverviewBar> bars(IncidentStats stats) {
        long max = Math.max(1, stats.openBySeverity().values().stream().mapToLong(Long::longValue).max().orElse(1));
        List<OverviewBar> bars = new ArrayList<>();
        int row = 0;
        for (Severity s : Severity.values()) {
            long n = stats.openBySeverity().getOrDefault(s, 0L);
            double width = n == 0 ? 0 : Math.max(3, Math.round(BAR_MAX * n / (double) max));
            bars.add(new OverviewBar(s.name(), n, row * ROW + 6, row * ROW + 19, width, BAR_X + width + 6,
                    "/ui/incidents?state=" + IncidentFilters.NOT_CLOSED + "&severity=" + s.name()));
            row++;
        }
        return bars;
    }
}
