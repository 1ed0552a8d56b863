package io.leakresponder.liveness;

import io.leakresponder.jobs.JobContext;
import io.leakresponder.jobs.JobHandler;
import io.leakresponder.jobs.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.UUID;
import org.jboss.logging.Logger;

/** The durable job that checks one stored credential. */
@ApplicationScoped
class LivenessCheckJob implements JobHandler<LivenessCheckJob.Payload> {

    static final String TASK = "liveness-check";
    private static final JobType<Payload> TYPE = new JobType<>(TASK, Payload.class);
    private static final Logger LOG = Logger.getLogger(LivenessCheckJob.class);

    private final LivenessService liveness;

    LivenessCheckJob(LivenessService liveness) {
        this.liveness = liveness;
    }

    /** Which credential, and why. No secret: the job reads it when it runs. */
    record Payload(UUID credentialId, Trigger trigger) {
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    @ActivateRequestContext // job threads have no request context; reads need one
    public void run(Payload payload, JobContext ctx) {
        // An INDETERMINATE answer is a result, not a job failure: the re-check schedule takes care of it.
        if (!liveness.exists(payload.credentialId())) {
            LOG.infof("credential %s no longer exists; nothing to check", payload.credentialId());
            return;
        }
        liveness.checkNow(payload.credentialId(), payload.trigger(), "scheduler");
    }
}
