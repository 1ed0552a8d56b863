package io.leakresponder.notify;

import io.leakresponder.jobs.JobContext;
import io.leakresponder.jobs.JobHandler;
import io.leakresponder.jobs.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Turns one incident event into one delivery per interested channel, after the event's transaction committed. */
@ApplicationScoped
class FanOutJob implements JobHandler<FanOutJob.Payload> {

    static final String TASK = "notify-fanout";
    private static final JobType<Payload> TYPE = new JobType<>(TASK, Payload.class);
    private static final Logger LOG = Logger.getLogger(FanOutJob.class);

    private final NotificationService notifications;

    FanOutJob(NotificationService notifications) {
        this.notifications = notifications;
    }

    /**
     * Which event of which incident.
     *
     * @param occurrence what tells two events of the same kind apart: the event's place in the trail, or the
     *                   breached SLA target
     */
    record Payload(UUID incidentId, NoticeEvent event, String occurrence) {

        /** Incident, event and occurrence: one message per channel for each, never one per finding. */
        String key() {
            return incidentId + ":" + event + ":" + occurrence;
        }
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    @ActivateRequestContext // job threads have no request context; reads need one
    public void run(Payload payload, JobContext context) {
        int n = notifications.fanOut(payload);
        if (n > 0) {
            LOG.infof("incident %s %s: %d notification(s) enqueued", payload.incidentId(), payload.event(), n);
        }
    }
}
