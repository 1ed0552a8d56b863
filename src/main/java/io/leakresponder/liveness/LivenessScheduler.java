package io.leakresponder.liveness;

import io.leakresponder.credential.SecretCredentialsAdded;
import io.leakresponder.jobs.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Enqueues checks: one right after a credential with a secret is ingested, and re-checks as they fall due.
 * The scan is a recurring job, so with several replicas only one of them runs it at a time.
 */
@ApplicationScoped
class LivenessScheduler implements RecurringJob {

    private static final Logger LOG = Logger.getLogger(LivenessScheduler.class);

    private final LivenessService liveness;
    private final LivenessConfig config;

    LivenessScheduler(LivenessService liveness, LivenessConfig config) {
        this.liveness = liveness;
        this.config = config;
    }

    /** Runs inside the ingest transaction: the check job is committed together with the credential. */
    void onSecretsAdded(@Observes SecretCredentialsAdded event) {
        for (UUID id : event.credentialIds()) {
            liveness.enqueueAfterIngest(id);
        }
    }

    @Override
    public String name() {
        return "liveness-recheck-scan";
    }

    @Override
    public Duration fixedDelay() {
        return config.scanInterval();
    }

    @Override
    @ActivateRequestContext // job threads have no request context; reads need one
    public void run() {
        int n = 0;
        for (CredentialLiveness due : liveness.due(config.scanBatch())) {
            // The due time is part of the key: a re-check is enqueued once, however many scans see it.
            liveness.enqueue(due.credentialId, Trigger.SCHEDULE,
                    "recheck:" + due.credentialId + ":" + due.nextCheckAt.toEpochMilli());
            n++;
        }
        if (n > 0) {
            LOG.infof("enqueued %d liveness re-checks", n);
        }
    }
}
