package io.leakresponder.notify;

import io.leakresponder.incident.IncidentQueries;
import io.leakresponder.incident.IncidentSearch;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.jobs.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Duration;
import java.util.EnumSet;

/** Looks for open incidents that breached an SLA target since the last scan; each breach is announced once. */
@ApplicationScoped
class SlaBreachScan implements RecurringJob {

    /** Breached incidents looked at per scan; the rest wait for the next one. */
    static final int BATCH = 200;

    private final IncidentQueries queries;
    private final NotificationService notifications;
    private final NotifyConfig config;

    SlaBreachScan(IncidentQueries queries, NotificationService notifications, NotifyConfig config) {
        this.queries = queries;
        this.notifications = notifications;
        this.config = config;
    }

    @Override
    public String name() {
        return "notify-sla-breach-scan";
    }

    @Override
    public Duration fixedDelay() {
        return config.slaScanInterval();
    }

    @Override
    @ActivateRequestContext // job threads have no request context; reads need one
    public void run() {
        var open = EnumSet.complementOf(EnumSet.of(IncidentState.CLOSED));
        var result = queries.search(new IncidentSearch(open, null, null, null, false, true,
                IncidentSearch.Order.AGE, false, 0, BATCH));
        for (IncidentSearch.Row row : result.rows()) {
            if (row.sla().acknowledgeBreached()) {
                notifications.noticeSlaBreach(row.id(), "ACKNOWLEDGE");
            }
            if (row.sla().containBreached()) {
                notifications.noticeSlaBreach(row.id(), "CONTAIN");
            }
        }
    }
}
