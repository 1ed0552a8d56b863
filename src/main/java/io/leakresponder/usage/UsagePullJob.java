package io.leakresponder.usage;

import io.leakresponder.jobs.JobContext;
import io.leakresponder.jobs.JobHandler;
import io.leakresponder.jobs.JobType;
import io.leakresponder.jobs.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.UUID;

/**
 * The durable job of one pull run. Its instance id is {@code pullId:runSeq}, so a pull rescheduled after a 429
 * storm is a new job while the current one completes; a crashed or failed run is retried under the same id and
 * continues at the stored cursor.
 */
@ApplicationScoped
class UsagePullJob implements JobHandler<UsagePullJob.Payload> {

    static final String TASK = "usage-pull";
    private static final JobType<Payload> TYPE = new JobType<>(TASK, Payload.class);

    private final UsagePulls pulls;
    private final RetryPolicy retry;

    UsagePullJob(UsagePulls pulls, UsageConfig config) {
        this.pulls = pulls;
        this.retry = new RetryPolicy(config.pull().maxAttempts(), config.pull().retryInitialBackoff(),
                config.pull().retryMaxBackoff());
    }

    /** Which pull and which run of it. No credential: the run asks {@link UsageCredentialProvider} for it. */
    record Payload(UUID pullId, int runSeq) {
    }

    static String instanceId(UUID pullId, int runSeq) {
        return pullId + ":" + runSeq;
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return retry;
    }

    @Override
    @ActivateRequestContext // job threads have no request context; the credential provider may need one
    public void run(Payload payload, JobContext context) throws Exception {
        pulls.run(payload.pullId(), payload.runSeq(), context);
    }
}
