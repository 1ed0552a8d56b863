package io.leakresponder.dashboard;

import io.leakresponder.jobs.RecurringJob;
import io.leakresponder.security.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes dashboard sessions that ended or expired more than a week ago; they are no use to anyone. It sits with the
 * dashboard, the sessions' user, because security is below the job engine.
 */
@ApplicationScoped
class SessionPurgeJob implements RecurringJob {

    private static final Logger LOG = Logger.getLogger(SessionPurgeJob.class);

    private final SessionService sessions;

    SessionPurgeJob(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "session-purge";
    }

    @Override
    public Duration fixedDelay() {
        // Sessions are small rows; once an hour keeps the table short without any noticeable load.
        return Duration.ofHours(1);
    }

    @Override
    public void run() {
        long purged = sessions.purgeExpired();
        if (purged > 0) {
            LOG.infof("purged %d ended or expired dashboard sessions", purged);
        }
    }
}
